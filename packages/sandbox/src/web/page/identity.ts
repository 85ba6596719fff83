/// <reference lib="dom" />
/**
 * @module Browser code of the fake WhatsApp Web page: the device identity (noise, identity and ADV
 * keys) kept in IndexedDB as real WhatsApp Web keeps it, because a committed transaction survives a
 * killed browser, where localStorage is written to disk seconds later (and lost with the browser).
 * Stringified into the page like `definePageModels`: it must not reference anything outside its body.
 */

/** The page's identity store (what {@link definePageIdentity} returns). */
export type PageIdentityStore = ReturnType<typeof definePageIdentity>;

/** The device's keys, base64; the noise key is what the simulator knows the client by. */
export type PageIdentity = { noise: string; identity: string; adv: string };

/** Defines the identity store; runs in the page. */
export function definePageIdentity() {
  const STORAGE_KEY = "fake-wa:client";
  const random = (n: number) =>
    btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(n))));
  const stored = <T>(
    mode: IDBTransactionMode,
    work: (store: IDBObjectStore) => IDBRequest | undefined,
  ) =>
    new Promise<T | undefined>((resolve, reject) => {
      const open = indexedDB.open("fake-wa", 1);
      open.onupgradeneeded = () => open.result.createObjectStore("kv");
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        const tx = db.transaction("kv", mode);
        const request = work(tx.objectStore("kv"));
        tx.oncomplete = () => {
          db.close();
          resolve(request?.result as T | undefined);
        };
        tx.onerror = () => reject(tx.error);
      };
    });
  /** The stored identity, or a fresh one stored first (a new device). */
  const loadIdentity = async (): Promise<PageIdentity> => {
    const known = await stored<PageIdentity>("readonly", (store) => store.get(STORAGE_KEY));
    if (known) return known;
    const fresh = { noise: random(32), identity: random(32), adv: random(32) };
    await stored("readwrite", (store) => store.put(fresh, STORAGE_KEY));
    return fresh;
  };
  const forgetIdentity = () => stored("readwrite", (store) => store.delete(STORAGE_KEY));
  return { loadIdentity, forgetIdentity };
}
