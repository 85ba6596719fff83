/** @module The list of vitest projects: one per workspace package that has tests. */
export const projects = ["packages/*", "apps/*", "examples"];
