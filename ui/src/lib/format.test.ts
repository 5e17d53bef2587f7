import { afterEach, describe, expect, it } from "vitest";
import { calendarDate, count, useLocale } from "./format";
import longDates from "./long-dates.json";

describe("dates in the window", () => {
  afterEach(() => useLocale(undefined));

  // The same table Rust's `long_date_in` is tested against: a report and the window write a date alike.
  it.each(longDates as [string, string, string][])("%s writes %s as the reports do", (tag, iso, expected) => {
    useLocale(tag);
    expect(calendarDate(iso, "long")).toBe(expected);
  });

  it("follows the chosen locale for short dates and counts", () => {
    useLocale("en-US");
    expect(calendarDate("2026-11-26")).toBe("Nov 26, 2026");
    useLocale("en-GB");
    expect(calendarDate("2026-11-26")).toBe("26 Nov 2026");
    useLocale("de-DE");
    expect(count(1234)).toBe("1.234");
    // The formatters are kept between calls, and a new locale must not reuse them.
    useLocale("en-US");
    expect(count(1234)).toBe("1,234");
    expect(calendarDate("2026-11-26")).toBe("Nov 26, 2026");
  });

  it("leaves text that is not a date alone", () => {
    expect(calendarDate("someday")).toBe("someday");
  });
});
