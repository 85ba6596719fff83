/**
 * @module Reports the PN⇄LID pairs Baileys writes to its `lid-mapping` keys. Every pair Baileys
 * learns (history, usync, messages) passes through there, which also covers history chunks whose
 * `lidPnMappings` Baileys' event buffer drops when it merges them (rc14).
 */
import type { LidMapping } from "@wa/core";
import type { StoredAuthState } from "./auth-state.ts";
import { lidMappingsOfKeyWrite } from "./map/contact.ts";

type SignalKeys = StoredAuthState["state"]["keys"];

/** The key store with its writes observed: `onMappings` gets the pairs of each stored write. */
export function observeLidMappings(
  keys: SignalKeys,
  onMappings: (mappings: LidMapping[]) => void,
): SignalKeys {
  return {
    ...keys,
    get: keys.get.bind(keys),
    async set(data: Parameters<SignalKeys["set"]>[0]) {
      await keys.set(data);
      const mappings = lidMappingsOfKeyWrite(data);
      if (mappings.length > 0) onMappings(mappings);
    },
  };
}
