import { describe, expect, it, vi } from "vitest";
import { clock, elapsedSeconds } from "./timer.svelte";
import type { Timer } from "../../lib/bindings";

const reading: Timer = {
  activity: "reading",
  itemId: null,
  itemTitle: null,
  scratchNoteId: null,
  milestoneKey: null,
  milestoneTitle: null,
  competencyId: null,
  competencyName: null,
  projectId: null,
  projectTitle: null,
  note: "",
  startedAt: "2026-11-24T08:00:00Z",
  startedOn: "2026-11-24",
  paused: false,
  elapsedSeconds: 100,
  confirmAfterSeconds: 43200,
};

describe("the timer display", () => {
  it("writes elapsed time as hours, minutes and seconds", () => {
    expect(clock(0)).toBe("0:00:00");
    expect(clock(25 * 60 + 13)).toBe("0:25:13");
    expect(clock(13 * 3600 + 5)).toBe("13:00:05");
  });

  it("counts on from what Rust reported while running, and stands still while paused", () => {
    const now = vi.spyOn(performance, "now");
    now.mockReturnValue(61_500);
    const state = { timer: reading, readAt: 1_000, tick: 0, loaded: true, saved: 0, focusing: false, reflecting: null };
    expect(elapsedSeconds(state)).toBe(160);
    expect(elapsedSeconds({ ...state, timer: { ...reading, paused: true } })).toBe(100);
    expect(elapsedSeconds({ ...state, timer: null })).toBe(0);
    now.mockRestore();
  });
});
