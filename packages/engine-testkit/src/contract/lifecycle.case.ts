/** @module Contract cases: pairing by QR or code, restart with credentials, reconnect, logout, stop. */
import { expect } from "vitest";
import { createRecordingContext } from "../recording/context.ts";
import { expectWaError } from "./expect.ts";
import { ALICE } from "./fixture.ts";
import type { CaseRegistry } from "./types.ts";

/** Registers the lifecycle cases. */
export function lifecycleCases(registry: CaseRegistry): void {
  registry.case("pairs by QR and reports WORKING with me", async (run) => {
    const { recording, qr } = await run.startUnpaired();
    expect(recording.statuses()[0]).toBe("STARTING");
    await run.world.scanQr(qr);
    const working = await recording.waitForEvent("session.status", (e) => e.status === "WORKING");
    expect(working.me?.id).toMatch(/^\d+@c\.us$/);
    const statuses = recording.statuses();
    expect(statuses.indexOf("SCAN_QR_CODE")).toBeLessThan(statuses.indexOf("WORKING"));
    expect(recording.authState.snapshot().size).toBeGreaterThan(0);
  });

  registry.case("restarts with stored credentials: WORKING without a QR", async (run) => {
    const first = await run.startPaired();
    const me = first.ofType("session.status").find((e) => e.status === "WORKING")?.me;
    await run.engine.stop();
    const second = createRecordingContext({ authState: first.authState });
    await run.engine.start(second.context);
    const working = await second.waitForEvent("session.status", (e) => e.status === "WORKING");
    expect(working.me?.id).toBe(me?.id);
    expect(second.statuses()).not.toContain("SCAN_QR_CODE");
    const sent = await run.engine.sendText(ALICE, "after restart");
    await run.waitFor(
      async () => (await run.world.sent()).some((r) => r.id === sent.key.id),
      "the world to receive the text sent after the restart",
    );
  });

  registry.case("reconnects after a dropped connection", async (run) => {
    const recording = await run.startPaired();
    const before = recording.events.length;
    await run.world.dropConnection();
    await run.waitFor(() => {
      const after = recording.events
        .slice(before)
        .flatMap((e) => (e.type === "session.status" ? [e.status] : []));
      const starting = after.indexOf("STARTING");
      return starting >= 0 && after.indexOf("WORKING", starting) > starting;
    }, "STARTING then WORKING after the drop");
    const sent = await run.engine.sendText(ALICE, "after reconnect");
    expect(sent.key.fromMe).toBe(true);
  });

  registry.case("logout clears credentials, reports FAILED and refuses commands", async (run) => {
    const recording = await run.startPaired();
    await run.engine.logout();
    await recording.waitForEvent("session.status", (e) => e.status === "FAILED");
    expect(recording.authState.snapshot().size).toBe(0);
    await expectWaError(run.engine.sendText(ALICE, "after logout"), "WA_ENGINE_NOT_CONNECTED");
  });

  registry.case("stop is idempotent", async (run) => {
    await run.startPaired();
    await run.engine.stop();
    await run.engine.stop();
    await expectWaError(run.engine.sendText(ALICE, "after stop"), "WA_ENGINE_NOT_CONNECTED");
  });

  registry.case(
    "requests a pairing code shaped ABCD-EFGH",
    async (run) => {
      await run.startUnpaired();
      const code = await run.engine.requestPairingCode?.("15550000000");
      expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    },
    { needs: ["auth.pairing-code"] },
  );

  registry.case(
    "pairs with a pairing code",
    async (run) => {
      const { recording } = await run.startUnpaired();
      const code = await run.engine.requestPairingCode?.("15550000000");
      await run.world.enterPairingCode?.(code as string);
      const working = await recording.waitForEvent("session.status", (e) => e.status === "WORKING");
      expect(working.me?.id).toMatch(/^\d+@c\.us$/);
    },
    {
      needs: ["auth.pairing-code"],
      skipReason: registry.probeWorld.enterPairingCode
        ? null
        : "the world cannot enter pairing codes",
    },
  );
}
