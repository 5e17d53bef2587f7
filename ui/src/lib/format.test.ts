import { afterEach, describe, expect, it } from "vitest";
import { calendarDate, count, hours, money, periodStart, useLocale } from "./format";
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

describe("money and hours", () => {
  afterEach(() => useLocale(undefined));

  it("writes minor units in the currency, as the locale does, and follows a change of locale", () => {
    useLocale("en-GB");
    expect(money(90_000, "GBP")).toBe("£900.00");
    expect(money(123_456, "USD")).toBe("US$1,234.56");
    expect(hours(690)).toBe("11.5");
    useLocale("de-DE");
    expect(money(123_456, "EUR")).toBe("1.234,56\u00a0€");
    expect(hours(690)).toBe("11,5");
    useLocale("en-US");
    expect(money(123_456, "USD")).toBe("$1,234.56");
    expect(hours(720)).toBe("12");
  });
});

describe("study periods", () => {
  it("start 28 days, or a year less a day, before today, or never", () => {
    const today = new Date(2026, 11, 3);
    expect(periodStart("month", today)).toBe("2026-11-06");
    expect(periodStart("year", today)).toBe("2025-12-04");
    expect(periodStart("all", today)).toBeNull();
  });

  it("start a year from 29 February on 1 March, within the 366 days a heatmap may show", () => {
    const leap = new Date(2028, 1, 29);
    const start = periodStart("year", leap);
    expect(start).toBe("2027-03-01");
    expect(periodStart("year", new Date(2028, 1, 28))).toBe("2027-03-01");
    expect(periodStart("year", new Date(2027, 1, 28))).toBe("2026-03-01");
    expect(periodStart("year", new Date(2029, 2, 1))).toBe("2028-03-02");
    const days = (leap.getTime() - new Date(`${start}T00:00:00`).getTime()) / 86_400_000;
    expect(Math.round(days)).toBeLessThanOrEqual(366);
  });
});
