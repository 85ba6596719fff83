/** @module The receipt gate on its own: what it holds, in what order it releases, what it drops. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { createReceiptGate, type OutgoingNode } from "./receipt-gate.ts";

const receipt = (id: string, attrs: Record<string, string> = {}): OutgoingNode => ({
  tag: "receipt",
  attrs: { id, to: "12025550601@s.whatsapp.net", ...attrs },
});
const iq: OutgoingNode = { tag: "iq", attrs: { id: "q1", type: "get" } };

function harness(options: { orphanAfterMs?: number } = {}) {
  const wire: string[] = [];
  const orphans: string[] = [];
  const gate = createReceiptGate({
    ...options,
    write: (frame, callback) => {
      wire.push(frame as string);
      callback();
    },
    onOrphan: (id) => orphans.push(id),
  });
  /** Sends a frame as Baileys' `sendNode` does: the node first, then its bytes in the same tick. */
  const send = (node: OutgoingNode | undefined, frame: string) => {
    if (node) gate.nextNode(node);
    let called = false;
    gate.send(frame, () => {
      called = true;
    });
    return called;
  };
  return { gate, wire, orphans, send };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("receipt gate", () => {
  it("holds a message's receipt, and every later frame, until the sink applied the message", () => {
    const { gate, wire, send } = harness();
    gate.arrived("M1");
    expect(send(receipt("M1"), "receipt M1")).toBe(true);
    expect(send(iq, "iq after")).toBe(true);
    expect(wire).toEqual([]);
    expect(gate.held()).toBe(2);

    gate.upserted(["M1"]);
    expect(wire).toEqual([]);
    gate.applied(["M1"]);
    expect(wire).toEqual(["receipt M1", "iq after"]);
    expect(gate.held()).toBe(0);
    expect(gate.pending()).toBe(0);
  });

  it("lets frames through untouched while nothing waits", () => {
    const { gate, wire, send } = harness();
    expect(send(iq, "iq")).toBe(true);
    expect(send(undefined, "handshake")).toBe(true);
    // A read receipt of a stored message (never arrived on this socket) is no delivery receipt.
    expect(send(receipt("OLD", { type: "read" }), "read OLD")).toBe(true);
    expect(wire).toEqual(["iq", "handshake", "read OLD"]);
    expect(gate.held()).toBe(0);
  });

  it("releases in wire order: a later message applied first still waits behind an earlier one", () => {
    const { gate, wire, send } = harness();
    gate.arrived("M1");
    gate.arrived("M2");
    send(receipt("M1"), "receipt M1");
    send(receipt("M2"), "receipt M2");
    gate.applied(["M2"]);
    expect(wire).toEqual([]);
    gate.applied(["M1"]);
    expect(wire).toEqual(["receipt M1", "receipt M2"]);
  });

  it("acks (newsletters) are gated like receipts; a nack or a retry request goes at once", () => {
    const { gate, wire, send } = harness();
    gate.arrived("N1");
    gate.arrived("BAD");
    gate.arrived("UNDECRYPTED");
    send({ tag: "ack", attrs: { id: "N1", class: "message" } }, "ack N1");
    expect(wire).toEqual([]);
    gate.applied(["N1"]);
    send({ tag: "ack", attrs: { id: "BAD", class: "message", error: "500" } }, "nack BAD");
    send(receipt("UNDECRYPTED", { type: "retry" }), "retry UNDECRYPTED");
    expect(wire).toEqual(["ack N1", "nack BAD", "retry UNDECRYPTED"]);
    expect(gate.pending()).toBe(0);
  });

  it("a node only names the frame written in the same tick", async () => {
    const { gate, wire } = harness();
    gate.arrived("M1");
    gate.nextNode(receipt("M1"));
    // Baileys found the socket closed and wrote nothing; the next frame is someone else's.
    await Promise.resolve();
    gate.send("later frame");
    expect(wire).toEqual(["later frame"]);
  });

  it("a closed socket drops what it held: those messages stay unacknowledged", () => {
    const { gate, wire, send } = harness();
    gate.arrived("M1");
    send(receipt("M1"), "receipt M1");
    gate.close();
    gate.applied(["M1"]);
    expect(wire).toEqual([]);
    expect(gate.held()).toBe(0);
  });

  it("a message the sink never got is released after the orphan delay; one it got never is", () => {
    vi.useFakeTimers();
    const { gate, wire, orphans, send } = harness({ orphanAfterMs: 1_000 });
    gate.arrived("STORED");
    send(receipt("STORED"), "receipt STORED");
    gate.upserted(["STORED"]);
    vi.advanceTimersByTime(5_000);
    expect(wire).toEqual([]);
    gate.applied(["STORED"]);

    gate.arrived("PLACEHOLDER");
    send({ tag: "ack", attrs: { id: "PLACEHOLDER", class: "message" } }, "ack PLACEHOLDER");
    vi.advanceTimersByTime(999);
    expect(wire).toEqual(["receipt STORED"]);
    vi.advanceTimersByTime(1);
    expect(wire).toEqual(["receipt STORED", "ack PLACEHOLDER"]);
    expect(orphans).toEqual(["PLACEHOLDER"]);
  });
});
