/** @module The one bundler config every package spreads, overriding only `entry`. */
import type { Options } from "tsup";

export const tsupBase = {
  format: ["esm"],
  target: "node20",
  platform: "node",
  dts: true,
  sourcemap: true,
  clean: true,
  splitting: false,
} satisfies Options;
