/**
 * @module A simulated device's Signal state (a contact's phone, or the account's own phone): its identity,
 * pre-keys and sessions, with `libsignal` doing the real encryption both ways.
 */
import {
  Curve,
  encodeBigEndian,
  generateSignalPubKey,
  type KeyPair,
  type SignedKeyPair,
  signedKeyPair,
  unpadRandomMax16,
  writeRandomPadMax16,
  xmppPreKey,
  xmppSignedPreKey,
} from "@whiskeysockets/baileys";
import {
  ProtocolAddress,
  SessionBuilder,
  SessionCipher,
  type SessionRecord,
  type SignalStorage,
} from "libsignal";
import type { ClientBundle } from "../server/socket-state.ts";

/** One simulated device's keys and sessions. */
export interface DeviceSignal {
  registrationId: number;
  identity: KeyPair;
  signedPreKey: SignedKeyPair;
  preKeys: Map<number, KeyPair>;
  sessions: Map<string, SessionRecord>;
}

const PRE_KEY_COUNT = 5;

/** Fresh keys for a simulated device. */
export function createDeviceSignal(): DeviceSignal {
  const identity = Curve.generateKeyPair();
  const preKeys = new Map<number, KeyPair>();
  for (let id = 1; id <= PRE_KEY_COUNT; id++) preKeys.set(id, Curve.generateKeyPair());
  return {
    registrationId: 1 + Math.floor(Math.random() * 16000),
    identity,
    signedPreKey: signedKeyPair(identity, 1),
    preKeys,
    sessions: new Map(),
  };
}

function storageOf(device: DeviceSignal): SignalStorage {
  const toLib = (pair: KeyPair) => ({
    privKey: Buffer.from(pair.private),
    pubKey: Buffer.from(generateSignalPubKey(pair.public)),
  });
  return {
    loadSession: async (id) => device.sessions.get(id),
    storeSession: async (id, record) => {
      device.sessions.set(id, record);
    },
    isTrustedIdentity: () => true,
    loadPreKey: async (id) => {
      const pair = device.preKeys.get(Number(id));
      return pair ? toLib(pair) : undefined;
    },
    removePreKey: (id) => {
      device.preKeys.delete(Number(id));
    },
    loadSignedPreKey: () => toLib(device.signedPreKey.keyPair),
    getOurRegistrationId: () => device.registrationId,
    getOurIdentity: () => toLib(device.identity),
  };
}

/** The `<user>` children of an `iq encrypt get key` answer: this device's pre-key bundle. */
export function bundleNodeContent(device: DeviceSignal) {
  const [preKeyId, preKey] = [...device.preKeys.entries()][0] ?? [];
  return [
    { tag: "registration", attrs: {}, content: encodeBigEndian(device.registrationId) },
    { tag: "type", attrs: {}, content: Buffer.from([5]) },
    { tag: "identity", attrs: {}, content: device.identity.public },
    xmppSignedPreKey(device.signedPreKey),
    ...(preKey && preKeyId !== undefined ? [xmppPreKey(preKey, preKeyId)] : []),
  ];
}

/** Decrypts an `<enc>` the client addressed to this device; returns the unpadded `proto.Message` bytes. */
export async function decryptFromClient(
  device: DeviceSignal,
  clientAddress: string,
  type: string,
  ciphertext: Uint8Array,
): Promise<Uint8Array> {
  const cipher = new SessionCipher(storageOf(device), new ProtocolAddress(clientAddress, 0));
  const padded =
    type === "pkmsg"
      ? await cipher.decryptPreKeyWhisperMessage(ciphertext)
      : await cipher.decryptWhisperMessage(ciphertext);
  return unpadRandomMax16(padded);
}

/** Encrypts `proto.Message` bytes for the client, starting a session from its uploaded bundle if needed. */
export async function encryptToClient(
  device: DeviceSignal,
  clientAddress: string,
  bundle: ClientBundle,
  plaintext: Uint8Array,
): Promise<{ type: "pkmsg" | "msg"; ciphertext: Buffer }> {
  const storage = storageOf(device);
  const address = new ProtocolAddress(clientAddress, 0);
  const existing = device.sessions.get(address.toString());
  if (!existing?.haveOpenSession()) {
    const [preKeyId, preKey] = [...bundle.preKeys.entries()][0] ?? [];
    if (preKeyId === undefined || !preKey)
      throw new Error("signal: the client has no pre-keys left");
    bundle.preKeys.delete(preKeyId);
    await new SessionBuilder(storage, address).initOutgoing({
      registrationId: bundle.registrationId,
      identityKey: generateSignalPubKey(bundle.identityKey),
      signedPreKey: {
        keyId: bundle.signedPreKey.keyId,
        publicKey: generateSignalPubKey(bundle.signedPreKey.publicKey),
        signature: bundle.signedPreKey.signature,
      },
      preKey: { keyId: preKeyId, publicKey: generateSignalPubKey(preKey) },
    });
  }
  const padded = writeRandomPadMax16(plaintext);
  const { type, body } = await new SessionCipher(storage, address).encrypt(padded);
  return { type: type === 3 ? "pkmsg" : "msg", ciphertext: Buffer.from(body, "binary") };
}
