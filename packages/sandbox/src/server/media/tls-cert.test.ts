import { createPrivateKey, X509Certificate } from "node:crypto";
import { createServer, request } from "node:https";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { createTlsIdentity } from "./tls-cert.ts";

describe("createTlsIdentity", () => {
  it("makes a self-signed certificate for 127.0.0.1 that Node parses and verifies", () => {
    const { cert, key } = createTlsIdentity();
    const x509 = new X509Certificate(cert);
    expect(x509.subjectAltName).toContain("IP Address:127.0.0.1");
    expect(x509.ca).toBe(true);
    expect(x509.verify(x509.publicKey)).toBe(true);
    expect(x509.checkPrivateKey(createPrivateKey(key))).toBe(true);
    expect(new Date(x509.validTo).getTime()).toBeGreaterThan(Date.now());
  });

  it.each([
    ["leading zero bytes", "0000000000000000000000000000007f"],
    ["one leading zero before a low byte", "00112233445566778899aabbccddeeff"],
    ["the high bit set", "ff112233445566778899aabbccddeeff"],
  ])("encodes a serial with %s as a minimal INTEGER that Node parses", (_case, hex) => {
    const { cert } = createTlsIdentity(30, Buffer.from(hex, "hex"));
    const x509 = new X509Certificate(cert);
    expect(BigInt(`0x${x509.serialNumber}`)).toBe(BigInt(`0x${hex}`));
  });

  it("is trusted over TLS on loopback when given as the CA, and refused otherwise", async () => {
    const identity = createTlsIdentity();
    const server = createServer(identity, (_req, res) => res.end("ok"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const get = (ca?: string) =>
      new Promise<string>((resolve, reject) => {
        const options = { host: "127.0.0.1", port, path: "/", ...(ca ? { ca } : {}) };
        const req = request(options, (res) => {
          res.setEncoding("utf8");
          let body = "";
          res.on("data", (chunk: string) => (body += chunk));
          res.on("end", () => resolve(body));
        });
        req.on("error", reject);
        req.end();
      });
    try {
      expect(await get(identity.cert)).toBe("ok");
      await expect(get()).rejects.toThrow(/self[- ]signed/i);
    } finally {
      server.close();
    }
  });
});
