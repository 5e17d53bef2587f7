import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { afterPause } from "./pause";

describe("work after a pause in the changes", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("runs the first time at once, later ones only after the pause, and a cancelled one never", () => {
    const schedule = afterPause(250);
    const runs: string[] = [];

    schedule(() => runs.push("first"));
    vi.advanceTimersByTime(0);
    expect(runs).toEqual(["first"]);

    // A change, then a newer one before the pause is over: the effect cancels the older run.
    const cancel = schedule(() => runs.push("older"));
    vi.advanceTimersByTime(200);
    cancel();
    schedule(() => runs.push("newer"));
    vi.advanceTimersByTime(249);
    expect(runs).toEqual(["first"]);
    vi.advanceTimersByTime(1);
    expect(runs).toEqual(["first", "newer"]);
  });
});
