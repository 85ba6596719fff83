import type { StoredMessage } from "@wa/core";
import { describe, expect, it } from "vitest";
import { chat, history, message } from "../contract/fixtures.ts";
import { createSqliteStore } from "./store.ts";

const messages = (n: number) => Array.from({ length: n }, (_, i) => message("1@c.us", `M${i}`, i));

describe("big apply() calls", () => {
  it("are written unit by unit and all end up stored, in order", async () => {
    const store = createSqliteStore({ file: ":memory:", unitRows: 3, transactionRows: 6 });
    await store.apply("s1", [
      history({ chats: [chat("1@c.us", 1)], messages: messages(20) }),
      { type: "chat.clear", chatId: "1@c.us" },
    ]);
    expect(await store.counts("s1")).toMatchObject({ chats: 1, messages: 0 });
    await store.apply("s1", history({ messages: messages(20) }));
    expect(await store.counts("s1")).toMatchObject({ messages: 20 });
    await store.close();
  });

  it("roll back the open transaction when a unit fails, and the store goes on", async () => {
    const store = createSqliteStore({ file: ":memory:", unitRows: 2, transactionRows: 100 });
    const broken = { ...message("1@c.us", "X", 1), timestamp: null } as unknown as StoredMessage;
    const batch = history({ messages: [...messages(3), broken, ...messages(8).slice(4)] });
    await expect(store.apply("s1", batch)).rejects.toMatchObject({ code: "WA_STORE_FAILURE" });
    expect(await store.counts("s1")).toMatchObject({ messages: 0 });
    await store.apply("s1", history({ messages: messages(5) }));
    expect(await store.counts("s1")).toMatchObject({ messages: 5 });
    await store.close();
  });
});
