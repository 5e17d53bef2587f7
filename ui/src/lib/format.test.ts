import { describe, expect, it } from "vitest";
import { duration, percent } from "./format";

describe("format", () => {
  it("rounds progress to whole percents and handles empty lists", () => {
    expect(percent(1, 3)).toBe(33);
    expect(percent(0, 0)).toBe(0);
    expect(percent(8, 8)).toBe(100);
  });

  it("writes durations the way people say them", () => {
    expect(duration(45)).toBe("45 min");
    expect(duration(90)).toBe("1 h 30 min");
    expect(duration(120)).toBe("2 h");
  });
});
