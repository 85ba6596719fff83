import { describe, expect, it } from "vitest";
import { readStorageSettings } from "./storage-settings.ts";

const S3_ENV = {
  WAHA_MEDIA_STORAGE: "S3",
  WAHA_S3_REGION: "eu-west-1",
  WAHA_S3_BUCKET: "waha",
  WAHA_S3_ACCESS_KEY_ID: "minioadmin",
  WAHA_S3_SECRET_ACCESS_KEY: "very-secret-key",
  WAHA_S3_ENDPOINT: "http://127.0.0.1:9000/",
  WAHA_S3_FORCE_PATH_STYLE: "True",
  WAHA_S3_PROXY_FILES: "False",
};

describe("media storage settings", () => {
  it("keeps media in the local folder by default and with LOCAL, ignoring WAHA_S3_*", () => {
    expect(readStorageSettings({})).toEqual({ kind: "local" });
    expect(readStorageSettings({ WAHA_MEDIA_STORAGE: "local", WAHA_S3_BUCKET: "x" })).toEqual({
      kind: "local",
    });
  });

  it("reads WAHA Plus's S3 variables, with WAHA's defaults", () => {
    expect(readStorageSettings(S3_ENV)).toEqual({
      kind: "s3",
      s3: {
        region: "eu-west-1",
        bucket: "waha",
        endpoint: "http://127.0.0.1:9000",
        forcePathStyle: true,
        proxyFiles: false,
        credentials: { accessKeyId: "minioadmin", secretAccessKey: "very-secret-key" },
      },
    });
    expect(readStorageSettings({ WAHA_MEDIA_STORAGE: "s3", WAHA_S3_BUCKET: "waha" })).toEqual({
      kind: "s3",
      s3: {
        region: "us-east-1",
        bucket: "waha",
        endpoint: null,
        forcePathStyle: false,
        proxyFiles: false,
        credentials: null,
      },
    });
  });

  it("never shows the secret key in the settings' JSON", () => {
    const text = JSON.stringify(readStorageSettings(S3_ENV));
    expect(text).not.toContain("very-secret-key");
    expect(text).toContain("minioadmin");
  });

  it.each([
    [{ WAHA_MEDIA_STORAGE: "POSTGRESQL" }, /WAHA_MEDIA_STORAGE must be LOCAL or S3/],
    [{ WAHA_MEDIA_STORAGE: "S3" }, /needs WAHA_S3_BUCKET/],
    [{ ...S3_ENV, WAHA_S3_BUCKET: "Bad_Bucket" }, /WAHA_S3_BUCKET must be an S3 bucket name/],
    [{ ...S3_ENV, WAHA_S3_REGION: "eu west" }, /WAHA_S3_REGION must be a region name/],
    [
      { ...S3_ENV, WAHA_S3_ENDPOINT: "127.0.0.1:9000" },
      /WAHA_S3_ENDPOINT must be an http\(s\) URL/,
    ],
    [{ ...S3_ENV, WAHA_S3_ENDPOINT: "ftp://h" }, /WAHA_S3_ENDPOINT must be an http\(s\) URL/],
    [
      { ...S3_ENV, WAHA_S3_FORCE_PATH_STYLE: "sometimes" },
      /WAHA_S3_FORCE_PATH_STYLE must be True or False/,
    ],
    [{ ...S3_ENV, WAHA_S3_PROXY_FILES: "maybe" }, /WAHA_S3_PROXY_FILES must be True or False/],
    [{ ...S3_ENV, WAHA_S3_ACCESS_KEY_ID: "" }, /go together/],
  ])("refuses %j with the variable to fix", (env, message) => {
    expect(() => readStorageSettings(env)).toThrow(message);
  });

  it("never echoes the secret key or an endpoint's credentials in an error", () => {
    const messages: string[] = [];
    for (const env of [
      { ...S3_ENV, WAHA_S3_ACCESS_KEY_ID: "" },
      { ...S3_ENV, WAHA_S3_ENDPOINT: "http://user:pass-word@h:9000" },
    ]) {
      try {
        readStorageSettings(env);
      } catch (error) {
        messages.push((error as Error).message);
      }
    }
    expect(messages).toHaveLength(2);
    for (const message of messages) {
      expect(message).not.toContain("very-secret-key");
      expect(message).not.toContain("pass-word");
    }
  });
});
