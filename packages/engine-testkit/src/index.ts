/** @module Package entry. */
export {};
