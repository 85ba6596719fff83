/** @module The simulator's own Noise certificate chain (root → intermediate → leaf), signed with Curve25519 like WhatsApp's. */
import { createPrivateKey, createPublicKey } from "node:crypto";
import { Curve, type KeyPair, proto, WA_CERT_DETAILS } from "@whiskeysockets/baileys";

const PKCS8_X25519_PREFIX = Buffer.from([48, 46, 2, 1, 0, 48, 5, 6, 3, 43, 101, 110, 4, 34, 4, 32]);

/** Derives an X25519 key pair from fixed private bytes, in Baileys' 32-byte public form. */
export function keyPairFromPrivate(privateKey: Buffer): KeyPair {
  const key = createPrivateKey({
    key: Buffer.concat([PKCS8_X25519_PREFIX, privateKey]),
    format: "der",
    type: "pkcs8",
  });
  const spki = createPublicKey(key).export({ format: "der", type: "spki" });
  return { private: Buffer.from(privateKey), public: Buffer.from(spki.subarray(spki.length - 32)) };
}

// The root is deterministic on purpose: Baileys pins one root per process (a global Buffer), so every
// simulator in the process must present the same one.
const ROOT = keyPairFromPrivate(Buffer.alloc(32, 0x5a));

/** The public key tests pin as `WA_CERT_DETAILS.PUBLIC_KEY` so Baileys accepts the simulator. */
export const SIMULATOR_CERT_ROOT_PUBLIC_KEY: Buffer = Buffer.from(ROOT.public);

/** Overwrites Baileys' pinned WhatsApp root with the simulator's (in place: the constant is a shared Buffer). */
export function pinSimulatorCertRoot(): void {
  WA_CERT_DETAILS.PUBLIC_KEY.set(SIMULATOR_CERT_ROOT_PUBLIC_KEY);
}

/** Builds a `CertChain` whose leaf certifies the server's static Noise key. */
export function buildCertChain(serverStaticPublic: Uint8Array): Uint8Array {
  const intermediate = Curve.generateKeyPair();
  const intermediateDetails = proto.CertChain.NoiseCertificate.Details.encode({
    serial: 1,
    issuerSerial: WA_CERT_DETAILS.SERIAL,
    key: intermediate.public,
    notBefore: 0,
    notAfter: 4_000_000_000,
  }).finish();
  const leafDetails = proto.CertChain.NoiseCertificate.Details.encode({
    serial: 2,
    issuerSerial: 1,
    key: serverStaticPublic,
    notBefore: 0,
    notAfter: 4_000_000_000,
  }).finish();
  return proto.CertChain.encode({
    intermediate: {
      details: intermediateDetails,
      signature: Curve.sign(ROOT.private, intermediateDetails),
    },
    leaf: { details: leafDetails, signature: Curve.sign(intermediate.private, leafDetails) },
  }).finish();
}
