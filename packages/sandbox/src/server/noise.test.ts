/** @module The server handshake against Baileys' own client-side Noise handler, without a socket. */
import {
  Curve,
  decodeBinaryNode,
  encodeBinaryNode,
  makeNoiseHandler,
  NOISE_WA_HEADER,
  proto,
} from "@whiskeysockets/baileys";
import pino from "pino";
import { beforeAll, describe, expect, it } from "vitest";
import { pinSimulatorCertRoot } from "./cert.ts";
import { serverHandshake } from "./noise.ts";

beforeAll(() => pinSimulatorCertRoot());

describe("serverHandshake", () => {
  it("completes with Baileys' noise handler and both transports agree", async () => {
    const ephemeral = Curve.generateKeyPair();
    const noiseKey = Curve.generateKeyPair();
    const client = makeNoiseHandler({
      keyPair: ephemeral,
      NOISE_HEADER: NOISE_WA_HEADER,
      logger: pino({ level: "silent" }),
    });
    const hello = proto.HandshakeMessage.encode({
      clientHello: { ephemeral: ephemeral.public },
    }).finish();
    let serverHello: Uint8Array | undefined;
    let resolveFinish: (frame: Uint8Array) => void = () => {};
    const finish = new Promise<Uint8Array>((resolve) => {
      resolveFinish = resolve;
    });
    const server = serverHandshake(
      hello,
      (frame) => {
        serverHello = frame;
      },
      () => finish,
      Curve.generateKeyPair(),
    );
    await new Promise((resolve) => setImmediate(resolve));
    const keyEnc = client.processHandshake(
      proto.HandshakeMessage.decode(serverHello as Uint8Array),
      noiseKey,
    );
    const payload = client.encrypt(
      proto.ClientPayload.encode({ username: 15550001, device: 1 }).finish(),
    );
    resolveFinish(
      proto.HandshakeMessage.encode({ clientFinish: { static: keyEnc, payload } }).finish(),
    );
    const result = await server;
    await client.finishInit();

    expect(result.clientStaticPublic.equals(noiseKey.public)).toBe(true);
    expect(Number(result.payload.username)).toBe(15550001);
    // server → client
    const node = { tag: "iq", attrs: { id: "1", type: "result" } };
    const frames: unknown[] = [];
    const wire = result.transport.encrypt(encodeBinaryNode(node));
    const len = Buffer.from([0, 0, wire.length]);
    await client.decodeFrame(Buffer.concat([len, wire]), (frame) => frames.push(frame));
    expect(frames).toEqual([
      expect.objectContaining({ tag: "iq", attrs: { id: "1", type: "result" } }),
    ]);
    // client → server (skip the 4-byte intro and the 3-byte length)
    const out = client.encodeFrame(encodeBinaryNode({ tag: "ping", attrs: {} }));
    const decoded = await decodeBinaryNode(
      result.transport.decrypt(out.subarray(NOISE_WA_HEADER.length + 3)),
    );
    expect(decoded.tag).toBe("ping");
  });
});
