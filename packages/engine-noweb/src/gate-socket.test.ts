/** @module Reading Baileys' `xml send` trace line, against the real `binaryNodeToString`. */
import { binaryNodeToString } from "@whiskeysockets/baileys";
import { describe, expect, it } from "vitest";
import { parseNodeHead, tapSentNodes } from "./gate-socket.ts";
import type { OutgoingNode } from "./receipt-gate.ts";

describe("parseNodeHead", () => {
  it("reads the tag and attributes of a receipt, an ack and a node with children", () => {
    const receipt = {
      tag: "receipt",
      attrs: { id: "3EB0A1", to: "1@s.whatsapp.net", type: "peer_msg" },
    };
    expect(parseNodeHead(binaryNodeToString(receipt))).toEqual(receipt);
    const ack = {
      tag: "ack",
      attrs: { id: "X", to: "1@s.whatsapp.net", class: "message", error: "500" },
    };
    expect(parseNodeHead(binaryNodeToString(ack))).toEqual(ack);
    const withList = {
      tag: "receipt",
      attrs: { id: "A", to: "2@s.whatsapp.net", type: "read", t: "1700000000" },
      content: [{ tag: "list", attrs: {}, content: [{ tag: "item", attrs: { id: "B" } }] }],
    };
    expect(parseNodeHead(binaryNodeToString(withList))).toEqual({
      tag: "receipt",
      attrs: withList.attrs,
    });
    expect(parseNodeHead("not xml")).toBeUndefined();
  });
});

describe("tapSentNodes", () => {
  it("reports trace level, hands over each sent node and keeps other lines away from a quiet logger", () => {
    const seen: OutgoingNode[] = [];
    const lines: unknown[] = [];
    const quiet = {
      level: "info",
      trace: (obj: unknown) => lines.push(["trace", obj]),
      debug: () => {},
      info: (obj: unknown) => lines.push(["info", obj]),
      warn: () => {},
      error: () => {},
      child: () => quiet,
    };
    const tapped = tapSentNodes(quiet as never, (node) => seen.push(node));
    expect(tapped.level).toBe("trace");
    tapped.trace({ xml: "<receipt id='M1' to='1@s.whatsapp.net'/>", msg: "xml send" });
    tapped.trace({ xml: "<message id='M2'/>", msg: "recv xml" });
    tapped.info({ hello: 1 });
    expect(seen).toEqual([{ tag: "receipt", attrs: { id: "M1", to: "1@s.whatsapp.net" } }]);
    expect(lines).toEqual([["info", { hello: 1 }]]);
  });
});
