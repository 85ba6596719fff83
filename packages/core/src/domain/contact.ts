/** @module Contacts and the phone-number ⇄ LID map of one account. */
import type { ChatId } from "./jid.ts";

/** A contact of the account. */
export interface Contact {
  /** `@c.us` or `@lid` id. */
  id: ChatId;
  /** The name saved in the phone's address book. */
  name?: string | null;
  /** The name the contact chose (`notify`). */
  pushName?: string | null;
  raw?: unknown;
}

/** One phone-number ⇄ hidden-user-id pair. */
export interface LidMapping {
  /** `<digits>@lid`. */
  lid: ChatId;
  /** `<digits>@c.us`. */
  pn: ChatId;
}
