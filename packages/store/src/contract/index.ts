/**
 * @module `@wa/store/testing`: the store contract suite. Every `Store` implementation runs it in
 * one `*.contract.test.ts`; the cases compare the store with @wa/core's in-memory reference.
 */
import { describe } from "vitest";
import { chatsCases } from "./chats.case.ts";
import { deepPagesCases } from "./deep-pages.case.ts";
import { deliveriesCases } from "./deliveries.case.ts";
import { eventsCases } from "./events.case.ts";
import type { CreateStore, StoreContractOptions } from "./harness.ts";
import { messagesCases } from "./messages.case.ts";
import { outboxCases } from "./outbox.case.ts";
import { overviewCases } from "./overview.case.ts";
import { persistenceCases } from "./persistence.case.ts";
import { sessionsCases } from "./sessions.case.ts";
import { worldsCases } from "./worlds.case.ts";

export * from "./fixtures.ts";
export * from "./free-port.ts";
export type { CreateStore, StoreContractOptions } from "./harness.ts";
export * from "./postgres-cluster.ts";

/** Runs every store contract case against `createStore`. */
export function runStoreContract(
  name: string,
  createStore: CreateStore,
  options: StoreContractOptions = {},
): void {
  describe(`store contract: ${name}`, () => {
    describe("chats", () => chatsCases(createStore));
    describe("overview", () => overviewCases(createStore));
    describe("messages", () => messagesCases(createStore));
    describe("deep message pages", () => deepPagesCases(createStore));
    describe("events", () => eventsCases(createStore));
    describe("outbox", () => outboxCases(createStore));
    describe("deliveries and retention", () => deliveriesCases(createStore, options));
    describe("sessions and auth state", () => sessionsCases(createStore));
    describe("persistence", () => persistenceCases(createStore, options));
    describe("generated worlds", () => worldsCases(createStore));
  });
}
