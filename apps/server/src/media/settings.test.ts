import { describe, expect, it } from "vitest";
import { mediaFileName } from "./file-names.ts";
import { allowsMimetype, readMediaSettings } from "./settings.ts";

describe("media settings", () => {
  it("reads WAHA's variables and ours, with WAHA's defaults", () => {
    const defaults = readMediaSettings({}, "/data");
    expect(defaults).toMatchObject({
      enabled: true,
      mimetypes: null,
      lifetimeSeconds: 180,
      folder: "/data/files",
      baseUrl: null,
      concurrency: 4,
    });
    const set = readMediaSettings(
      {
        WHATSAPP_DOWNLOAD_MEDIA: "false",
        WHATSAPP_FILES_MIMETYPES: "image, audio/ogg",
        WHATSAPP_FILES_LIFETIME: "0",
        WHATSAPP_FILES_FOLDER: "/tmp/f",
        WAHA_BASE_URL: "https://api.example.test/",
        WA_MEDIA_MAX_BYTES: "1000",
        WA_MEDIA_CONCURRENCY: "2",
        WA_MEDIA_TIMEOUT_MS: "500",
      },
      "/data",
    );
    expect(set).toMatchObject({
      enabled: false,
      mimetypes: ["image", "audio/ogg"],
      lifetimeSeconds: 0,
      folder: "/tmp/f",
      baseUrl: "https://api.example.test",
      maxBytes: 1000,
      concurrency: 2,
      timeoutMs: 500,
    });
  });

  it.each([
    ["WA_MEDIA_CONCURRENCY", "0"],
    ["WA_MEDIA_MAX_BYTES", "lots"],
    ["WHATSAPP_FILES_LIFETIME", "-1"],
  ])("refuses %s=%s with the variable's name", (name, value) => {
    expect(() => readMediaSettings({ [name]: value }, "/d")).toThrow(name);
  });

  it("filters mimetypes by type, prefix or exact value, ignoring parameters", () => {
    const settings = readMediaSettings({ WHATSAPP_FILES_MIMETYPES: "image,audio/ogg" }, "/d");
    expect(allowsMimetype(settings, "image/jpeg")).toBe(true);
    expect(allowsMimetype(settings, "audio/ogg; codecs=opus")).toBe(true);
    expect(allowsMimetype(settings, "audio/mpeg")).toBe(false);
    expect(allowsMimetype(settings, "imagery/x")).toBe(false);
    expect(allowsMimetype(readMediaSettings({}, "/d"), "video/mp4")).toBe(true);
  });

  it("names files {rawId}.{ext} like WAHA, hashing ids that are not safe", () => {
    expect(mediaFileName("false_1@c.us_3EB0ABC", "image/jpeg")).toBe("3EB0ABC.jpeg");
    expect(mediaFileName("false_1@c.us_3EB0ABC", "audio/ogg; codecs=opus")).toBe("3EB0ABC.oga");
    expect(mediaFileName("true_1@c.us_X_2@c.us", "application/x-weird+type")).toBe("X.xweirdtype");
    expect(mediaFileName("false_1@c.us_../../etc", "text/plain")).toMatch(/^[0-9a-f]{40}\.txt$/);
  });
});
