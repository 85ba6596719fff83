/**
 * @module A Baileys `AuthenticationState` over the runtime's `AuthStateStore`: creds under `creds`,
 * signal keys under `<type>-<id>`, values serialised with Baileys' `BufferJSON`. Each `keys.set` (and
 * each creds save) is one `setMany` call, i.e. one durable transaction, so a restart needs no new QR.
 */
import type { AuthStateStore } from "@wa/core";
import type {
  AuthenticationCreds,
  AuthenticationState,
  SignalDataSet,
  SignalDataTypeMap,
} from "@whiskeysockets/baileys";
import type { BaileysModule } from "./baileys.ts";

/** The Baileys helpers the auth state needs (from the lazily loaded module). */
export type AuthStateDeps = Pick<BaileysModule, "initAuthCreds" | "BufferJSON" | "proto">;

/** The auth state plus what the engine does with it. */
export interface StoredAuthState {
  state: AuthenticationState;
  /** Persists the current creds (call on `creds.update`). */
  saveCreds(): Promise<void>;
  /**
   * Deletes every credential and key (after a logout). Later writes through this state are dropped:
   * the dying socket may still save creds or keys, which must not resurrect the session.
   */
  clear(): Promise<void>;
  /** True when the creds were loaded from the store rather than freshly made. */
  restored: boolean;
}

/** The store key of the creds record. */
export const CREDS_KEY = "creds";

/** The store key of one signal key. */
export const signalKey = (type: string, id: string): string => `${type}-${id}`;

/** Loads (or initialises) the auth state kept in `store`. */
export async function loadAuthState(
  store: AuthStateStore,
  deps: AuthStateDeps,
): Promise<StoredAuthState> {
  const { BufferJSON, proto } = deps;
  const encode = (value: unknown): string => JSON.stringify(value, BufferJSON.replacer);
  const decode = <T>(text: string): T => JSON.parse(text, BufferJSON.reviver) as T;

  let cleared = false;
  const saved = await store.get(CREDS_KEY);
  const creds: AuthenticationCreds = saved ? decode(saved) : deps.initAuthCreds();

  const keys: AuthenticationState["keys"] = {
    async get<T extends keyof SignalDataTypeMap>(type: T, ids: string[]) {
      const found = await store.getMany(ids.map((id) => signalKey(type, id)));
      const result: { [id: string]: SignalDataTypeMap[T] } = {};
      for (const id of ids) {
        const text = found.get(signalKey(type, id));
        if (text === undefined) continue;
        let value: unknown = decode(text);
        // Baileys expects a protobuf instance for app-state keys (as useMultiFileAuthState does).
        if (type === "app-state-sync-key" && value) {
          value = proto.Message.AppStateSyncKeyData.fromObject(value as Record<string, unknown>);
        }
        result[id] = value as SignalDataTypeMap[T];
      }
      return result;
    },
    async set(data: SignalDataSet) {
      if (cleared) return;
      const entries: Array<[string, string | null]> = [];
      for (const [type, values] of Object.entries(data)) {
        for (const [id, value] of Object.entries(values ?? {})) {
          entries.push([signalKey(type, id), value ? encode(value) : null]);
        }
      }
      if (entries.length > 0) await store.setMany(entries);
    },
    async clear() {
      cleared = true;
      await store.clear();
    },
  };

  return {
    state: { creds, keys },
    restored: saved !== null,
    saveCreds: async () => {
      if (!cleared) await store.setMany([[CREDS_KEY, encode(creds)]]);
    },
    clear: async () => {
      cleared = true;
      await store.clear();
    },
  };
}
