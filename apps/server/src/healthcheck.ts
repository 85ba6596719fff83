/**
 * @module The image's `HEALTHCHECK` command (`node dist/healthcheck.js`): exit 0 when `/health`
 * answers 200, 1 otherwise. Node instead of curl, so the image needs no extra package.
 */
import { probeHealth } from "./health/probe.ts";

process.exit((await probeHealth()) ? 0 : 1);
