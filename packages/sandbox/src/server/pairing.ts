/**
 * @module QR pairing: the server offers refs (`pair-device`), a simulated phone "scans" the QR the client
 * showed and answers with a properly signed `pair-success`, then the server forces the 515 restart.
 */
import { createHmac } from "node:crypto";
import { type BinaryNode, Curve, proto, S_WHATSAPP_NET } from "@whiskeysockets/baileys";
import type { WorldAccount } from "../world/types.ts";
import { type ClientConnection, stanzaId } from "./connection.ts";
import { socketStateOf } from "./socket-state.ts";

const ADV_ACCOUNT_SIG_PREFIX = Buffer.from([6, 0]);

/** The fields of a 7.x pairing QR (`https://wa.me/settings/linked_devices#ref,noise,identity,adv,platform`). */
export interface ParsedQr {
  ref: string;
  noiseKeyB64: string;
  identityKeyB64: string;
  advSecretB64: string;
}

/** Whether a QR string has the fields of Baileys' pairing QR. */
export function isBaileysQr(qr: string): boolean {
  try {
    parseQr(qr);
    return true;
  } catch {
    return false;
  }
}

/** Parses the QR string Baileys emits in `connection.update`. */
export function parseQr(qr: string): ParsedQr {
  const body = qr.includes("#") ? qr.slice(qr.indexOf("#") + 1) : qr;
  const [ref, noiseKeyB64, identityKeyB64, advSecretB64] = body.split(",");
  if (!ref || !noiseKeyB64 || !identityKeyB64 || !advSecretB64) {
    throw new Error(`pairing: not a WhatsApp pairing QR: ${qr}`);
  }
  return { ref, noiseKeyB64, identityKeyB64, advSecretB64 };
}

/** Offers QR refs to a client that connected without credentials. */
export function offerPairing(conn: ClientConnection, refCount = 6): void {
  const refs: BinaryNode[] = Array.from({ length: refCount }, (_, i) => ({
    tag: "ref",
    attrs: {},
    content: Buffer.from(`sim-ref-${conn.id}-${i}-${Date.now().toString(36)}`),
  }));
  conn.send({
    tag: "iq",
    attrs: { id: stanzaId(), type: "set", from: S_WHATSAPP_NET, xmlns: "md" },
    content: [{ tag: "pair-device", attrs: {}, content: refs }],
  });
}

/** Builds the `<device-identity>` bytes a real phone would sign for this companion. */
export function signDeviceIdentity(
  account: WorldAccount,
  companionIdentityPublic: Buffer,
  advSecret: Buffer,
): Uint8Array {
  const deviceDetails = proto.ADVDeviceIdentity.encode({
    rawId: Number.parseInt(account.phone.slice(-6), 10),
    timestamp: Math.floor(Date.now() / 1000),
    keyIndex: account.deviceId,
  }).finish();
  const { phoneIdentity } = socketStateOf(account);
  const accountSignature = Curve.sign(
    phoneIdentity.private,
    Buffer.concat([ADV_ACCOUNT_SIG_PREFIX, deviceDetails, companionIdentityPublic]),
  );
  const details = proto.ADVSignedDeviceIdentity.encode({
    details: deviceDetails,
    accountSignatureKey: phoneIdentity.public,
    accountSignature,
  }).finish();
  const hmac = createHmac("sha256", advSecret).update(details).digest();
  return proto.ADVSignedDeviceIdentityHMAC.encode({ details, hmac }).finish();
}

/**
 * The phone scans `qr` for `account`: sends `pair-success`, waits for the client's signed
 * `pair-device-sign`, then sends the 515 stream error that makes the client reconnect and log in.
 */
export function completePairing(
  conn: ClientConnection,
  account: WorldAccount,
  qr: ParsedQr,
): Promise<void> {
  return sendPairSuccess(
    conn,
    account,
    Buffer.from(qr.identityKeyB64, "base64"),
    Buffer.from(qr.advSecretB64, "base64"),
  );
}

/** Sends `pair-success` for a companion identity and ADV secret (from a QR or a pairing code), then 515. */
export async function sendPairSuccess(
  conn: ClientConnection,
  account: WorldAccount,
  companionIdentityPublic: Buffer,
  advSecret: Buffer,
): Promise<void> {
  const identity = signDeviceIdentity(account, companionIdentityPublic, advSecret);
  const reply = await conn.request({
    tag: "iq",
    attrs: { id: stanzaId(), type: "set", from: S_WHATSAPP_NET },
    content: [
      {
        tag: "pair-success",
        attrs: {},
        content: [
          { tag: "device-identity", attrs: {}, content: identity },
          { tag: "platform", attrs: { name: "smba" } },
          {
            tag: "device",
            attrs: {
              jid: `${account.phone}:${account.deviceId}@s.whatsapp.net`,
              lid: `${account.lid}:${account.deviceId}@lid`,
            },
          },
        ],
      },
    ],
  });
  if (reply.attrs.type !== "result") throw new Error("pairing: the client rejected pair-success");
  account.paired = true;
  account.transport = "socket";
  socketStateOf(account).newCompanion = true;
  conn.account = account;
  conn.send({ tag: "stream:error", attrs: { code: "515" } });
}
