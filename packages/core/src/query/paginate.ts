/** @module limit/offset pagination over an ordered list. */

/** A page request. `limit` absent (or 0) means no limit. */
export interface PageRequest {
  limit?: number | undefined;
  offset: number;
}

/** The slice of an ordered list that a page request selects. */
export function paginate<T>(items: readonly T[], page: PageRequest): T[] {
  const end = page.limit ? page.offset + page.limit : undefined;
  return items.slice(page.offset, end);
}
