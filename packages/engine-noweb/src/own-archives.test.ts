import { describe, expect, it } from "vitest";
import { createOwnArchives } from "./own-archives.ts";

describe("own archive changes", () => {
  it("recognise each echo once, in either order, and nothing else", () => {
    const own = createOwnArchives();
    own.expect("a@c.us", true);
    own.expect("a@c.us", false);
    expect(own.isEcho("b@c.us", true)).toBe(false);
    expect(own.isEcho("a@c.us", false)).toBe(true);
    expect(own.isEcho("a@c.us", true)).toBe(true);
    expect(own.isEcho("a@c.us", true)).toBe(false);
  });

  it("forget a change that was not sent, and expire unanswered ones", () => {
    let time = 0;
    const own = createOwnArchives(() => time);
    own.expect("a@c.us", true);
    own.forget("a@c.us", true);
    expect(own.isEcho("a@c.us", true)).toBe(false);
    own.expect("a@c.us", true);
    time = 61_000;
    expect(own.isEcho("a@c.us", true)).toBe(false);
  });
});
