/**
 * @module Sender keys of the client in its groups, as the simulated members hold them: the client's
 * `SenderKeyDistributionMessage` (sent to each member inside a pkmsg) is processed once, then its
 * group `skmsg` messages are decrypted with Baileys' own group cipher.
 */
import { unpadRandomMax16 } from "@whiskeysockets/baileys";
import {
  GroupCipher,
  GroupSessionBuilder,
  SenderKeyDistributionMessage,
  SenderKeyName,
  SenderKeyRecord,
} from "@whiskeysockets/baileys/lib/Signal/Group/index.js";
import type { WorldAccount } from "../world/types.ts";

const records = new WeakMap<WorldAccount, Map<string, SenderKeyRecord>>();

function storeOf(account: WorldAccount) {
  let map = records.get(account);
  if (!map) {
    map = new Map();
    records.set(account, map);
  }
  const keys = map;
  return {
    loadSenderKey: async (name: SenderKeyName) =>
      keys.get(name.toString()) ?? new SenderKeyRecord(),
    storeSenderKey: async (name: SenderKeyName, record: SenderKeyRecord) => {
      keys.set(name.toString(), record);
    },
  };
}

// The client is the only sender whose keys the simulator needs; one name per group.
const CLIENT_SENDER = { id: "client", deviceId: 0, toString: () => "client.0" };

/** Processes the client's sender key for a group (from a decrypted `senderKeyDistributionMessage`). */
export async function acceptSenderKey(
  account: WorldAccount,
  groupJid: string,
  skdm: Uint8Array,
): Promise<void> {
  const message = new SenderKeyDistributionMessage(null, null, null, null, skdm);
  await new GroupSessionBuilder(storeOf(account)).process(
    new SenderKeyName(groupJid, CLIENT_SENDER),
    message,
  );
}

/** Decrypts the client's `skmsg` to a group; returns the unpadded `proto.Message` bytes. */
export async function decryptGroupMessage(
  account: WorldAccount,
  groupJid: string,
  ciphertext: Uint8Array,
): Promise<Uint8Array> {
  const cipher = new GroupCipher(storeOf(account), new SenderKeyName(groupJid, CLIENT_SENDER));
  return unpadRandomMax16(await cipher.decrypt(ciphertext));
}
