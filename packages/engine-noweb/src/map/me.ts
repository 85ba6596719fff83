/** @module The session's account (`me`) from Baileys' `sock.user`, in API id form. */
import { fromJid, type SessionMe, toJid } from "@wa/core";

/** The session's account from Baileys' `sock.user`. */
export function toSessionMe(
  user: { id?: string; name?: string | null; lid?: string } | undefined,
): SessionMe | undefined {
  if (!user?.id) return undefined;
  const id = fromJid(user.id);
  const result: SessionMe = { id, pushName: user.name ?? null, jid: toJidSafe(id) };
  if (user.lid) result.lid = fromJid(user.lid);
  return result;
}

function toJidSafe(id: string): string {
  try {
    return toJid(id);
  } catch {
    return id;
  }
}
