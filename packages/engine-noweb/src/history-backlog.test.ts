import { describe, expect, it } from "vitest";
import { createHistoryBacklog } from "./history-backlog.ts";

function reader() {
  const calls: string[] = [];
  return { calls, pause: () => calls.push("pause"), resume: () => calls.push("resume") };
}

describe("the history backlog", () => {
  it("pauses reading above the bound and resumes at half of it", () => {
    const socket = reader();
    const backlog = createHistoryBacklog({ maxMessages: 100 });
    backlog.attach(socket);
    const first = backlog.add(60);
    const second = backlog.add(60);
    expect(backlog.state()).toEqual({ pending: 120, paused: true });
    first();
    expect(backlog.state()).toEqual({ pending: 60, paused: true });
    const third = backlog.add(0);
    third();
    second();
    expect(backlog.state()).toEqual({ pending: 0, paused: false });
    expect(socket.calls).toEqual(["pause", "resume"]);
  });

  it("pauses a new socket attached while over the bound; a release counts once", () => {
    const backlog = createHistoryBacklog({ maxMessages: 10 });
    const release = backlog.add(11);
    const next = reader();
    backlog.attach(next);
    expect(next.calls).toEqual(["pause"]);
    release();
    release();
    expect(backlog.state()).toEqual({ pending: 0, paused: false });
    expect(next.calls).toEqual(["pause", "resume"]);
  });
});
