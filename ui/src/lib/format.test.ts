import { describe, expect, it } from "vitest";
import { duration, fileSize, isoDate, localTime, percent } from "./format";

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

  it("writes file sizes in bytes, KB or MB", () => {
    expect(fileSize(512)).toBe("512 B");
    expect(fileSize(12 * 1024)).toBe("12 KB");
    expect(fileSize(49 * 1024 * 1024 + 512 * 1024)).toBe("49.5 MB");
  });

  it("writes local dates and times as the inputs and Rust expect them", () => {
    expect(isoDate(new Date(2026, 0, 5, 23, 59))).toBe("2026-01-05");
    const instant = new Date(2026, 10, 24, 7, 5).toISOString();
    expect(localTime(instant)).toBe("07:05");
    expect(localTime("not a time")).toBe("");
  });
});
