import { describe, expect, it } from "vitest";
import { typedNumber } from "./fields";

describe("numbers typed in a text field", () => {
  it.each([
    ["60000", 60000],
    ["60,000", 60000],
    ["1,234,567.5", 1234567.5],
    ["60 000", 60000],
    ["1.234,56", 1234.56],
    ["12,5", 12.5],
    ["12.5", 12.5],
    [" 75 ", 75],
    ["0", 0],
  ])("reads %s as %d", (text, expected) => {
    expect(typedNumber(text)).toBe(expected);
  });

  it.each(["", "abc", "12.5.6", "1e999"])("gives -1 for %j, which Rust refuses at the field", (text) => {
    expect(typedNumber(text)).toBe(-1);
  });
});
