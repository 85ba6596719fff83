/** @module A free TCP port on 127.0.0.1 for a test server (the system picks one, then it is let go). */
import { createServer } from "node:net";

/** A port nothing listens on right now (another process may still take it before you do). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}
