/**
 * @module The echoes of a session's own chat commands: archiving or deleting a chat emits its
 * domain event from the command, so the library's event that reports it afterwards is skipped once.
 */

/** The commands whose echo is skipped. */
export type EchoKind = "archive" | "delete";

/** The echoes a session waits for. */
export interface CommandEchoes {
  /** The library will report this command: skip its event once. */
  expect(kind: EchoKind, chatId: string, value?: boolean): void;
  /** Whether this event is the echo of an expected command (then it is forgotten). */
  consume(kind: EchoKind, chatId: string, value?: boolean): boolean;
}

/** Creates a session's echoes, none expected. */
export function createCommandEchoes(): CommandEchoes {
  const echoes = new Map<string, boolean | undefined>();
  return {
    expect(kind, chatId, value) {
      echoes.set(`${kind}:${chatId}`, value);
    },
    consume(kind, chatId, value) {
      const key = `${kind}:${chatId}`;
      if (!echoes.has(key) || echoes.get(key) !== value) return false;
      echoes.delete(key);
      return true;
    },
  };
}
