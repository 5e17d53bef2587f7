// Form fields and their errors: a field with an error is marked invalid and points at the message below it
// (`<prefix>-<field>-error`), so a screen reader reads the reason with the field.

export type FieldAttributes = Record<string, string | undefined>;

/** The attributes of `field` given the form's `errors` (by field name). */
export function fieldAttributes(errors: Record<string, string>, prefix: string, field: string): FieldAttributes {
  return errors[field]
    ? { "aria-invalid": "true", "aria-describedby": `${prefix}-${field}-error` }
    : { "aria-invalid": undefined, "aria-describedby": undefined };
}
