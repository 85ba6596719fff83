import { silentLogger } from "@wa/core";
import { createSqliteStore } from "@wa/store";
import { describe, expect, it } from "vitest";
import { fencedAuthState } from "./fenced-auth-state.ts";

describe("fenced auth state", () => {
  it("drops a former owner's writes, so the new owner's keys stay as written", async () => {
    const store = createSqliteStore({ file: ":memory:" });
    let owned = true;
    const former = fencedAuthState(store.authState("s"), () => owned, silentLogger);
    await former.setMany([["creds", "old"]]);
    expect(await store.authState("s").get("creds")).toBe("old");
    // The lease is lost; the new owner writes, then the former owner's late write arrives.
    owned = false;
    await store.authState("s").setMany([["creds", "new"]]);
    await former.setMany([["creds", "stale"]]);
    await former.clear();
    expect(await former.get("creds")).toBe("new");
    await store.close();
  });
});
