/**
 * @module What the socket transport keeps per world account besides the model: the phone's ADV key,
 * the client's pre-key bundle, Signal state of simulated devices, stanza queues and fault switches.
 */
import { type BinaryNode, Curve, type KeyPair } from "@whiskeysockets/baileys";
import type { DeviceSignal } from "../signal/contact-signal.ts";
import type { WorldAccount } from "../world/types.ts";

/** The public keys the client uploaded with `iq encrypt set` (its Signal pre-key bundle). */
export interface ClientBundle {
  registrationId: number;
  identityKey: Buffer;
  signedPreKey: { keyId: number; publicKey: Buffer; signature: Buffer };
  preKeys: Map<number, Buffer>;
}

/** Something the simulator recorded that the client sent but the testkit has no kind for. */
export interface ProtocolRecord {
  tag: string;
  xmlns?: string;
  child?: string;
}

/** The socket transport's state of one account. */
export interface SocketAccountState {
  /** The phone's ADV account-signature key pair; it signs the companion's device identity at pairing. */
  phoneIdentity: KeyPair;
  clientBundle?: ClientBundle;
  /** Signal state of every simulated device the client talks to, by phone number (own phone included). */
  signals: Map<string, DeviceSignal>;
  /** Stanzas for the client that wait until it is connected and logged in. */
  offlineQueue: BinaryNode[];
  /** Message stanzas sent to the client and not yet acked or receipted, by id: redelivered after a reconnect. */
  unacked: Map<string, BinaryNode>;
  /** A companion was just paired: it gets the app-state key (and history) once it is ready. */
  newCompanion: boolean;
  /** Iq namespaces the server leaves unanswered (fault injection). */
  droppedIqs: Set<string>;
  /** Iqs the simulator did not recognise, for debugging tests. */
  unknownIqs: ProtocolRecord[];
  /**
   * The most connections logged in at once for the account. Real WhatsApp lets one socket per
   * device live (a second one replaces it, 440); tests of several server instances assert this
   * stays 1, i.e. two instances never drove the session at the same time.
   */
  peakLogins: number;
}

const states = new WeakMap<WorldAccount, SocketAccountState>();

/** The socket state of an account, created on first use. */
export function socketStateOf(account: WorldAccount): SocketAccountState {
  let state = states.get(account);
  if (!state) {
    state = {
      phoneIdentity: Curve.generateKeyPair(),
      signals: new Map(),
      offlineQueue: [],
      unacked: new Map(),
      newCompanion: false,
      droppedIqs: new Set(),
      unknownIqs: [],
      peakLogins: 0,
    };
    states.set(account, state);
  }
  return state;
}
