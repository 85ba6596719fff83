import { defineProject } from "vitest/config";

// The examples run from the packed tarballs in an app outside the workspace, never from sources.
export default defineProject({ test: { name: "@wa/examples" } });
