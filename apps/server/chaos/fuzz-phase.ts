/**
 * @module Chaos phase 1: the fuzz generator of `test/fuzz-requests.ts` over every route of the
 * server's own OpenAPI document, a fixed seed, sent over HTTP a few at a time. Nothing may answer a
 * 5xx. The `default` session the fuzz values name is paired and must stay so: lifecycle routes
 * aimed at it (delete, logout, stop, update) are aimed at `victim` instead.
 */
import fc from "fast-check";
import {
  type FuzzRequest,
  fuzzPath,
  fuzzPayload,
  fuzzRequests,
  routesFromOpenApi,
} from "../test/fuzz-requests.ts";
import { type Call, inPool, isServerFailure, send } from "./http.ts";

/** What the fuzz phase found. */
export interface FuzzReport {
  seed: number;
  requests: number;
  routes: number;
  seconds: number;
  statuses: Record<string, number>;
  failures: number;
  /** The first failures, to reproduce. */
  examples: string[];
}

/** Sends `count` generated requests (seeded) to the server, `concurrency` at a time. */
export async function runFuzz(
  baseUrl: string,
  apiKey: string,
  options: { seed: number; count: number; concurrency: number; protect: string },
): Promise<FuzzReport> {
  const document = await (await fetch(`${baseUrl}/-json`)).json();
  const routes = routesFromOpenApi(document);
  const requests = fc.sample(fuzzRequests(routes), { seed: options.seed, numRuns: options.count });
  const statuses: Record<string, number> = {};
  const examples: string[] = [];
  let failures = 0;
  const started = performance.now();
  await inPool(requests, options.concurrency, async (generated) => {
    const call = toCall(protectSession(generated, options.protect));
    const outcome = await send(baseUrl, apiKey, call);
    statuses[outcome.status] = (statuses[outcome.status] ?? 0) + 1;
    if (isServerFailure(outcome)) {
      failures += 1;
      if (examples.length < 20) {
        examples.push(
          `${call.method} ${call.path} ${call.body ?? ""} → ${outcome.status} ${outcome.text}`,
        );
      }
    }
  });
  return {
    seed: options.seed,
    requests: requests.length,
    routes: routes.length,
    seconds: (performance.now() - started) / 1000,
    statuses,
    failures,
    examples,
  };
}

// --- internal ---

function toCall(generated: FuzzRequest): Call {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(generated.query)) {
    for (const item of [value].flat()) query.append(key, item);
  }
  const search = query.toString();
  return {
    method: generated.route[0],
    path: `${fuzzPath(generated)}${search ? `?${search}` : ""}`,
    body: fuzzPayload(generated),
    contentType: generated.contentType,
  };
}

/** Session lifecycle requests naming the protected session name `victim` instead. */
function protectSession(generated: FuzzRequest, protect: string): FuzzRequest {
  if (!generated.route[1].startsWith("/api/sessions")) return generated;
  const swap = (value: unknown) => (value === protect ? "victim" : value);
  const params = { ...generated.params, session: swap(generated.params.session) as string };
  const body =
    generated.body && typeof generated.body === "object" && !Array.isArray(generated.body)
      ? Object.fromEntries(Object.entries(generated.body).map(([key, value]) => [key, swap(value)]))
      : swap(generated.body);
  return { ...generated, params, body };
}
