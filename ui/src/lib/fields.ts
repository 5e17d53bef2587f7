// Form fields and their errors: a field with an error is marked invalid and points at the message below it
// (`<prefix>-<field>-error`), so a screen reader reads the reason with the field.

export type FieldAttributes = Record<string, string | undefined>;

/** The attributes of `field` given the form's `errors` (by field name). */
export function fieldAttributes(errors: Record<string, string>, prefix: string, field: string): FieldAttributes {
  return errors[field]
    ? { "aria-invalid": "true", "aria-describedby": `${prefix}-${field}-error` }
    : { "aria-invalid": undefined, "aria-describedby": undefined };
}

/**
 * A number typed in a text field ("60,000", "60 000", "12.5", "12,5"), for a Rust field that checks its range.
 * A comma followed by groups of three digits is a thousands separator, any other a decimal one. What is not a
 * number comes back as -1, which every such field refuses as out of range, at the field (JSON has no NaN).
 */
export function typedNumber(text: string): number {
  let cleaned = text.trim().replace(/[\s\u00a0\u202f']/g, "");
  if (cleaned.includes(",") && cleaned.includes(".")) {
    // Whichever comes last is the decimal mark.
    cleaned = cleaned.lastIndexOf(",") > cleaned.lastIndexOf(".") ? cleaned.replace(/\./g, "").replace(",", ".") : cleaned.replace(/,/g, "");
  } else if (/^\d{1,3}(,\d{3})+$/.test(cleaned)) {
    cleaned = cleaned.replace(/,/g, "");
  } else {
    cleaned = cleaned.replace(",", ".");
  }
  const value = cleaned === "" ? NaN : Number(cleaned);
  return Number.isFinite(value) ? value : -1;
}
