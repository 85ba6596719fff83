/** @module The list of vitest projects: one per workspace package that has tests, and the server's tests on PostgreSQL. */
export const projects = ["packages/*", "apps/*", "examples", "apps/server/vitest.pg.config.ts"];
