/**
 * @module A self-signed X.509 certificate for the simulator's HTTPS media host on 127.0.0.1. Node can
 * sign but not write certificates, so the few DER structures of RFC 5280 are encoded here (an EC
 * P-256 key, ECDSA-SHA256, subjectAltName `IP:127.0.0.1` + `DNS:localhost`): no openssl binary and
 * no dependency. Clients trust it by its PEM (`ca`, `NODE_EXTRA_CA_CERTS`).
 */
import { generateKeyPairSync, randomBytes, sign } from "node:crypto";

/** A certificate and its private key, both PEM. */
export interface TlsIdentity {
  cert: string;
  key: string;
}

const OID = {
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
  commonName: "2.5.4.3",
  basicConstraints: "2.5.29.19",
  subjectAltName: "2.5.29.17",
};

/**
 * A fresh key and a certificate for 127.0.0.1 / localhost, valid from a day ago for `days`. `serial`
 * is random unless given (tests pin it).
 */
export function createTlsIdentity(days = 30, serial: Buffer = randomBytes(16)): TlsIdentity {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const name = seq(set(seq(oid(OID.commonName), utf8("wa-sandbox media 127.0.0.1"))));
  const now = Date.now();
  const extensions = [
    // A self-signed trust anchor: CA true, like `openssl req -x509` makes it.
    extension(OID.basicConstraints, true, seq(tlv(0x01, Buffer.from([0xff])))),
    extension(
      OID.subjectAltName,
      false,
      seq(tlv(0x87, Buffer.from([127, 0, 0, 1])), tlv(0x82, Buffer.from("localhost"))),
    ),
  ];
  const tbs = seq(
    tlv(0xa0, integer(Buffer.from([2]))),
    integer(serial),
    seq(oid(OID.ecdsaWithSha256)),
    name,
    seq(utcTime(new Date(now - 86_400_000)), utcTime(new Date(now + days * 86_400_000))),
    name,
    publicKey.export({ type: "spki", format: "der" }),
    tlv(0xa3, seq(...extensions)),
  );
  const signature = sign("sha256", tbs, privateKey);
  const der = seq(tbs, seq(oid(OID.ecdsaWithSha256)), tlv(0x03, Buffer.concat([zero, signature])));
  return {
    cert: pem("CERTIFICATE", der),
    key: privateKey.export({ type: "pkcs8", format: "pem" }) as string,
  };
}

// --- internal ---

const zero = Buffer.from([0]);

function tlv(tag: number, content: Buffer): Buffer {
  const length = content.length;
  if (length < 0x80) return Buffer.concat([Buffer.from([tag, length]), content]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
  return Buffer.concat([Buffer.from([tag, 0x80 | bytes.length, ...bytes]), content]);
}

const seq = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
const utf8 = (text: string) => tlv(0x0c, Buffer.from(text, "utf8"));

/**
 * A positive INTEGER in DER's one encoding: leading zero bytes dropped (OpenSSL refuses a padded
 * INTEGER with "illegal padding", which a random serial starting 0x00 0x00–0x7f made once in 512
 * certificates), then one zero byte back when the high bit is set.
 */
function integer(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const minimal = bytes.subarray(start);
  const first = minimal[0] ?? 0;
  return tlv(0x02, first & 0x80 ? Buffer.concat([zero, minimal]) : minimal);
}

function oid(dotted: string): Buffer {
  const [a = 0, b = 0, ...rest] = dotted.split(".").map(Number);
  const bytes = [a * 40 + b];
  for (const part of rest) {
    const base128: number[] = [part & 0x7f];
    for (let value = part >>> 7; value > 0; value >>>= 7) base128.unshift((value & 0x7f) | 0x80);
    bytes.push(...base128);
  }
  return tlv(0x06, Buffer.from(bytes));
}

function utcTime(date: Date): Buffer {
  const text = date.toISOString().replace(/[-:T]/g, "").slice(2, 14);
  return tlv(0x17, Buffer.from(`${text}Z`, "ascii"));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  const flag = critical ? [tlv(0x01, Buffer.from([0xff]))] : [];
  return seq(oid(id), ...flag, tlv(0x04, value));
}

function pem(label: string, der: Buffer): string {
  const lines = der.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}
