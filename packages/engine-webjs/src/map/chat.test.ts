import { describe, expect, it } from "vitest";
import { toChat } from "./chat.ts";

describe("toChat", () => {
  it("keeps a saved or group name", () => {
    expect(toChat({ id: "12025550705@c.us", name: "Eve" })?.name).toBe("Eve");
    expect(toChat({ id: "120363000000000701@g.us", name: "Team 2025" })?.name).toBe("Team 2025");
  });

  it("treats WhatsApp Web's phone-number title of an unnamed chat as no name (as NOWEB)", () => {
    for (const title of ["12025550705", "+1 202-555-0705", "+1 (202) 555-0705"])
      expect(toChat({ id: "12025550705@c.us", name: title })?.name).toBeNull();
    expect(toChat({ id: "12025550705@c.us", name: "" })?.name).toBeNull();
  });

  it("keeps a number that is not the chat's own", () => {
    expect(toChat({ id: "12025550705@c.us", name: "555 0100" })?.name).toBe("555 0100");
  });
});
