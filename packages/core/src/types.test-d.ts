import { describe, expectTypeOf, it } from "vitest";
import type { MessageKey, MessageRef } from "./domain/message-id.ts";
import { isFullMessageKey } from "./domain/message-id.ts";
import type { CapabilityKey, EngineCapabilities } from "./engine/capabilities.ts";
import type { WaErrorCode } from "./errors.ts";
import { parseBoolean } from "./query/params.ts";

describe("core types", () => {
  it("derives capability keys from the one const array", () => {
    expectTypeOf<"chats.archive">().toExtend<CapabilityKey>();
    expectTypeOf<"chats.nope">().not.toExtend<CapabilityKey>();
  });

  it("requires every capability key (no defaults)", () => {
    // @ts-expect-error a table missing keys is not an EngineCapabilities
    const partial: EngineCapabilities = { "chats.archive": true };
    expectTypeOf(partial).toEqualTypeOf<EngineCapabilities>();
  });

  it("types error codes as the catalog keys", () => {
    expectTypeOf<"WA_ENGINE_UNSUPPORTED">().toExtend<WaErrorCode>();
    expectTypeOf<"ENGINE_UNSUPPORTED">().not.toExtend<WaErrorCode>();
  });

  it("parseBoolean with a fallback never returns undefined", () => {
    expectTypeOf(parseBoolean("1", "x", true)).toEqualTypeOf<boolean>();
    expectTypeOf(parseBoolean("1", "x")).toEqualTypeOf<boolean | undefined>();
  });

  it("isFullMessageKey narrows a ref to a key", () => {
    const ref = {} as MessageRef;
    if (isFullMessageKey(ref)) expectTypeOf(ref).toEqualTypeOf<MessageKey>();
  });
});
