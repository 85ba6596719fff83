import { describe, expect, it } from "vitest";
import { pageParams, pageRowidsSql, pageShape } from "./message-sql.ts";

describe("message page SQL", () => {
  it("binds every filter value instead of writing it into the SQL", () => {
    const filter = { fromMe: false, ack: 3 as const, timestampGte: 10, timestampLte: 20 };
    const sql = pageRowidsSql(pageShape("chat", filter, "desc"));
    expect(sql).toContain("from_me = @from_me AND ack = @ack");
    expect(sql).not.toMatch(/\b(10|20)\b/);
    expect(pageParams("s", ["1@c.us"], filter, 0, 5)).toEqual({
      session: "s",
      chat: "1@c.us",
      from_me: 0,
      ack: 3,
      gte: 10,
      lte: 20,
      limit: -1,
      offset: 5,
    });
  });

  it("a deep page's start bound is exclusive and bound, the filter's bounds stay", () => {
    const shape = pageShape("chat", { timestampGte: 1, timestampLte: 2 }, "desc");
    const sql = pageRowidsSql({ ...shape, below: true });
    expect(sql).toContain("timestamp < @below");
    expect(sql).toContain("timestamp <= @lte");
    expect(sql).toContain("timestamp >= @gte");
  });
});
