/**
 * @module Issue 15 defect 6, through the real server process: sandbox mode with `WA_DATA_DIR` keeps
 * its simulated world, so a restart logs the session in again (no logout, no QR), keeps the chat
 * state instead of pairing into a fresh demo world, and a SIGKILL loses nothing the control API
 * acknowledged.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO } from "../src/sandbox/demo-world.ts";
import { eventually, type ServerProcess, startServer } from "./server-process.ts";

const SESSION = "kept";

describe("sandbox mode with WA_DATA_DIR across restarts", { timeout: 300_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), "wa-sandbox-"));
  const servers: ServerProcess[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.kill()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = async () => {
    const server = await startServer({ WA_SANDBOX: "1", WA_DATA_DIR: dataDir });
    servers.push(server);
    return server;
  };
  const working = (server: ServerProcess) =>
    eventually(async () => {
      const { body } = await server.get(`/api/sessions/${SESSION}`);
      expect(body.status, server.output()).toBe("WORKING");
      return body;
    }, 90_000);
  const chat = async (server: ServerProcess, chatId: string) => {
    const { body } = await server.get(`/api/${SESSION}/chats`);
    return (body as Array<{ id: string; archived: boolean }>).find((c) => c.id === chatId);
  };
  /** A contact's message through the control API; resolves once the store has it. */
  const incoming = async (server: ServerProcess, chatId: string, text: string) => {
    const pushed = await server.post(`/api/sandbox/${SESSION}/incoming`, { chatId, text });
    expect(pushed.status).toBe(201);
    return pushed.body.id as string;
  };
  const stored = (server: ServerProcess, chatId: string, id: string) =>
    eventually(async () => {
      const { body } = await server.get(`/api/${SESSION}/chats/${chatId}/messages?limit=10`);
      expect((body as Array<{ id: string }>).map((m) => m.id).join()).toContain(id);
    }, 90_000);

  it("a restart logs the session in again without a QR and keeps the chat state", async () => {
    const first = await start();
    expect((await first.post("/api/sessions", { name: SESSION })).status).toBe(201);
    const before = await working(first);
    await eventually(async () => expect(await chat(first, DEMO.carol)).toBeDefined(), 60_000);
    // Change the demo world's state: a fresh demo world would undo both.
    expect((await first.post(`/api/${SESSION}/chats/${DEMO.alice}/archive`)).status).toBe(201);
    expect((await first.post(`/api/${SESSION}/chats/${DEMO.carol}/unarchive`)).status).toBe(201);
    await stored(first, DEMO.bob, await incoming(first, DEMO.bob, "before the restart"));
    await first.stop();
    expect(existsSync(join(dataDir, "sandbox-world.json"))).toBe(true);

    const second = await start();
    const after = await working(second);
    // The same linked device of the same account: not logged out, not paired again.
    expect(after.me).toEqual(before.me);
    expect((await second.get(`/api/sandbox/${SESSION}`)).body).toMatchObject({ paired: true });
    expect(second.output()).not.toMatch(/could not scan the QR/);
    expect(await chat(second, DEMO.alice)).toMatchObject({ archived: true });
    expect(await chat(second, DEMO.carol)).toMatchObject({ archived: false });
    const world = (chatId: string) => second.get(`/api/sandbox/${SESSION}/chats/${chatId}/state`);
    expect((await world(DEMO.alice)).body).toMatchObject({ archived: true });
    expect((await world(DEMO.carol)).body).toMatchObject({ archived: false });
    // Both directions still work: Signal sessions and app-state came back with the world.
    const sent = await second.post("/api/sendText", {
      session: SESSION,
      chatId: DEMO.bob,
      text: "after the restart",
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    await eventually(async () => {
      const { body } = await second.get(`/api/sandbox/${SESSION}/sent`);
      expect(body).toContainEqual(expect.objectContaining({ text: "after the restart" }));
    });
    await stored(second, DEMO.bob, await incoming(second, DEMO.bob, "after the restart"));
    expect((await second.post(`/api/${SESSION}/chats/${DEMO.alice}/unarchive`)).status).toBe(201);
    await second.stop();
  });

  it("a message the control API acknowledged survives a SIGKILL right after", async () => {
    const third = await start();
    await working(third);
    const id = await incoming(third, DEMO.alice, "pushed, then the process is killed");
    await third.kill();
    const fourth = await start();
    await working(fourth);
    await stored(fourth, DEMO.alice, id);
    expect(await chat(fourth, DEMO.alice)).toMatchObject({ archived: false });
    await fourth.stop();
  });
});
