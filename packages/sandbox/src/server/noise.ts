/**
 * @module Server side of WhatsApp's Noise XX handshake (the mirror of Baileys' `makeNoiseHandler`) and
 * the transport cipher that follows it.
 */
import { createHash, hkdfSync } from "node:crypto";
import {
  aesDecryptGCM,
  aesEncryptGCM,
  Curve,
  type KeyPair,
  NOISE_MODE,
  NOISE_WA_HEADER,
  proto,
} from "@whiskeysockets/baileys";
import { buildCertChain } from "./cert.ts";

/** Encrypts frames to and decrypts frames from one client after the handshake. */
export interface NoiseTransport {
  encrypt(plaintext: Uint8Array): Buffer;
  decrypt(ciphertext: Uint8Array): Buffer;
}

/** What the server learns from the client's `clientFinish`. */
export interface HandshakeResult {
  clientStaticPublic: Buffer;
  payload: proto.ClientPayload;
  transport: NoiseTransport;
}

const sha256 = (data: Uint8Array): Buffer => createHash("sha256").update(data).digest();

function iv(counter: number): Buffer {
  const out = Buffer.alloc(12);
  out.writeUInt32BE(counter, 8);
  return out;
}

function hkdf64(ikm: Uint8Array, salt: Uint8Array): [Buffer, Buffer] {
  const key = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.alloc(0), 64));
  return [key.subarray(0, 32), key.subarray(32)];
}

function makeTransport(encKey: Buffer, decKey: Buffer): NoiseTransport {
  let writeCounter = 0;
  let readCounter = 0;
  const empty = Buffer.alloc(0);
  return {
    encrypt: (plaintext) => aesEncryptGCM(plaintext, encKey, iv(writeCounter++), empty),
    decrypt: (ciphertext) => aesDecryptGCM(ciphertext, decKey, iv(readCounter++), empty),
  };
}

/**
 * Runs the server half of the handshake. `clientHello` is the first frame's payload; `send` writes a
 * raw (unencrypted) frame; `next` awaits the following raw frame (the `clientFinish`).
 */
export async function serverHandshake(
  clientHelloFrame: Uint8Array,
  send: (frame: Uint8Array) => void,
  next: () => Promise<Uint8Array>,
  serverStatic: KeyPair,
): Promise<HandshakeResult> {
  const mode = Buffer.from(NOISE_MODE);
  let hash = mode.byteLength === 32 ? mode : sha256(mode);
  let salt = hash;
  let key = hash;
  let counter = 0;
  const authenticate = (data: Uint8Array) => {
    hash = sha256(Buffer.concat([hash, data]));
  };
  const mixIntoKey = (data: Uint8Array) => {
    const [write, read] = hkdf64(data, salt);
    salt = write;
    key = read;
    counter = 0;
  };
  const encrypt = (plaintext: Uint8Array) => {
    const out = aesEncryptGCM(plaintext, key, iv(counter++), hash);
    authenticate(out);
    return out;
  };
  const decrypt = (ciphertext: Uint8Array) => {
    const out = aesDecryptGCM(ciphertext, key, iv(counter++), hash);
    authenticate(ciphertext);
    return out;
  };

  const hello = proto.HandshakeMessage.decode(clientHelloFrame).clientHello;
  const clientEphemeral = hello?.ephemeral;
  if (!clientEphemeral) throw new Error("noise: clientHello without an ephemeral key");
  authenticate(NOISE_WA_HEADER);
  authenticate(clientEphemeral);

  const ephemeral = Curve.generateKeyPair();
  authenticate(ephemeral.public);
  mixIntoKey(Curve.sharedKey(ephemeral.private, clientEphemeral));
  const encStatic = encrypt(serverStatic.public);
  mixIntoKey(Curve.sharedKey(serverStatic.private, clientEphemeral));
  const encPayload = encrypt(buildCertChain(serverStatic.public));
  send(
    proto.HandshakeMessage.encode({
      serverHello: { ephemeral: ephemeral.public, static: encStatic, payload: encPayload },
    }).finish(),
  );

  const finish = proto.HandshakeMessage.decode(await next()).clientFinish;
  if (!finish?.static || !finish.payload) throw new Error("noise: malformed clientFinish");
  const clientStaticPublic = decrypt(finish.static);
  mixIntoKey(Curve.sharedKey(ephemeral.private, clientStaticPublic));
  const payload = proto.ClientPayload.decode(decrypt(finish.payload));
  const [write, read] = hkdf64(new Uint8Array(0), salt);
  // The client encrypts with `write` and decrypts with `read`; the server mirrors that.
  return { clientStaticPublic, payload, transport: makeTransport(read, write) };
}
