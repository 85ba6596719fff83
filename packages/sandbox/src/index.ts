/** @module `@wa/sandbox`: loopback simulators the engine tests run the real libraries against. */
export { createSimulator, type Simulator, type SimulatorOptions } from "./control.ts";
export { pinSimulatorCertRoot, SIMULATOR_CERT_ROOT_PUBLIC_KEY } from "./server/cert.ts";
export type { IncomingOptions, WireKind } from "./server/messages.ts";
export type { WorldAccount, WorldChat, WorldContact, WorldMessage } from "./world/types.ts";
export type { World } from "./world/world.ts";
export { createSimulatorWorldControl } from "./world-control.ts";
