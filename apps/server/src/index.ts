/** @module `@wa/server`: the Fastify app (`buildApp`), its configuration reader and its extension points. */
export type { App, AppOptions } from "./app.ts";
export { buildApp, SERVER_VERSION } from "./app.ts";
export type { ServerConfig } from "./config.ts";
export { readConfig } from "./config.ts";
export type { EngineModule, EngineOptions, EngineRegistry } from "./engines.ts";
export { DEFAULT_ENGINES } from "./engines.ts";
export { ERROR_STATUS, toErrorResponse } from "./errors.ts";
export type { AppliedEvent, EventBus } from "./sessions/event-bus.ts";
export { DEFAULT_SESSION_WAIT, type SessionWaitOptions } from "./sessions/wait.ts";
