/** @module The serial event queue, shared by every engine from `@wa/core`. */
export { createSerialQueue, type SerialQueue } from "@wa/core";
