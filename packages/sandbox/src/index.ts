/** @module `@wa/sandbox`: loopback simulators the engine tests run the real libraries against. */
export {
  createSimulator,
  type MediaInput,
  type PushResult,
  type Simulator,
  type SimulatorOptions,
  type SimulatorTransport,
} from "./control.ts";
export { pinSimulatorCertRoot, SIMULATOR_CERT_ROOT_PUBLIC_KEY } from "./server/cert.ts";
export type { MediaRequest } from "./server/media/media-host.ts";
export type { IncomingOptions, WireKind } from "./server/messages.ts";
export type { SocketAccountState } from "./server/socket-state.ts";
export {
  FAKE_WEB_CHROMIUM_ARGS,
  FAKE_WEB_VERSION,
  type FakeWeb,
  type FakeWebOptions,
  startFakeWeb,
} from "./web/server.ts";
export type { ChangeListener, ChangeOutcome, WorldChange } from "./world/changes.ts";
export type {
  TransportName,
  WorldAccount,
  WorldChat,
  WorldContact,
  WorldMessage,
} from "./world/types.ts";
export type { World } from "./world/world.ts";
export { createSimulatorWorldControl } from "./world-control.ts";
