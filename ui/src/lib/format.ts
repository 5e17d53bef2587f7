// Small display helpers shared by the pages. Dates and numbers are written in one locale everywhere: the one
// the reports use (the person's choice in Settings, else the system's), set at start with `useLocale`.

let locale: string | undefined = undefined;

// Formatters by their options, for the current locale. Building one is what costs (a `toLocaleDateString`
// call builds one each time: a fraction of a millisecond, which a heatmap's 371 days or a list of 400 contacts
// turns into a visible wait); formatting with one is cheap.
const formatters = new Map<string, Intl.DateTimeFormat>();
let numbers: Intl.NumberFormat | undefined;
let tenths: Intl.NumberFormat | undefined;
const currencies = new Map<string, Intl.NumberFormat>();

function formatter(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = JSON.stringify(options);
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, found);
  }
  return found;
}

/** Writes every date and number from now on as `tag` does (`undefined`: the browser's own). */
export function useLocale(tag: string | undefined) {
  locale = tag;
  formatters.clear();
  numbers = undefined;
  tenths = undefined;
  currencies.clear();
}

/** `date` as `options` ask (a whole date, or parts such as `{ month: "short" }` for charts), in the person's
 * locale. */
export function formatDate(date: Date, options: Intl.DateTimeFormatOptions): string {
  return formatter(options).format(date);
}

/** A count as the locale writes it ("1,234", "1.234"). */
export function count(value: number): string {
  numbers ??= new Intl.NumberFormat(locale);
  return numbers.format(value);
}

/** An amount kept in minor units (pence, cents) as the locale writes it in `currency` ("£1,234.50"). */
export function money(minor: number, currency: string): string {
  let found = currencies.get(currency);
  if (!found) {
    found = new Intl.NumberFormat(locale, { style: "currency", currency });
    currencies.set(currency, found);
  }
  return found.format(minor / 100);
}

/** Hours with at most one decimal, as the locale writes numbers ("12", "12.5"). */
export function hours(minutes: number): string {
  tenths ??= new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  return tenths.format(minutes / 60);
}

export function percent(done: number, total: number): number {
  return total === 0 ? 0 : Math.round((done / total) * 100);
}

/** "45 min", "1 h 30 min", "2 h". */
export function duration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** "512 B", "12 KB", "1.4 MB". */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** A `YYYY-MM-DD` date as the person's locale writes it, without shifting it across time zones. */
export function calendarDate(isoDate: string, style: "medium" | "long" = "medium"): string {
  const [year, month, day] = isoDate.split("-").map(Number);
  if (!year || !month || !day) return isoDate;
  return formatDate(new Date(year, month - 1, day), { dateStyle: style });
}

/** A stored UTC instant (`2026-11-24T10:42:00Z`) as the person's local time, "10:42", or with its date. */
export function clockTime(instant: string, withDate = false): string {
  const at = new Date(instant);
  if (Number.isNaN(at.getTime())) return instant;
  return withDate
    ? formatDate(at, { dateStyle: "medium", timeStyle: "short" })
    : formatDate(at, { hour: "2-digit", minute: "2-digit" });
}

/** When a note or item last changed, briefly: a time today, else a date. */
export function whenChanged(instant: string, now = new Date()): string {
  const at = new Date(instant);
  if (Number.isNaN(at.getTime())) return instant;
  return at.toDateString() === now.toDateString()
    ? formatDate(at, { hour: "2-digit", minute: "2-digit" })
    : formatDate(at, { dateStyle: "medium" });
}

/** A local calendar date as `YYYY-MM-DD` (today by default), as date inputs and Rust expect it. */
export function isoDate(date = new Date()): string {
  const month = String(date.getMonth() + 1).padStart(2, "0");
  const day = String(date.getDate()).padStart(2, "0");
  return `${date.getFullYear()}-${month}-${day}`;
}

/**
 * The first day of a study period ending today: the last 4 weeks (28 days), the last 12 months (from the day
 * after this date a year ago) or all time (`null`). The totals card and the heatmap both ask for these, so a
 * period's figures agree wherever they show.
 */
export function periodStart(period: "month" | "year", today?: Date): string;
export function periodStart(period: "month" | "year" | "all", today?: Date): string | null;
export function periodStart(period: "month" | "year" | "all", today = new Date()): string | null {
  const day = new Date(today);
  if (period === "month") day.setDate(day.getDate() - 27);
  else if (period === "year") {
    // This date a year ago, or the month's last day when that year's month is shorter (29 February), then
    // the day after: Date would roll 29 February 2027 on into March, a day too far.
    const lastOfMonth = new Date(day.getFullYear() - 1, day.getMonth() + 1, 0).getDate();
    day.setFullYear(day.getFullYear() - 1, day.getMonth(), Math.min(day.getDate(), lastOfMonth) + 1);
  } else return null;
  return isoDate(day);
}

/** A stored UTC instant as a local `HH:MM` for a time input. */
export function localTime(instant: string): string {
  const at = new Date(instant);
  if (Number.isNaN(at.getTime())) return "";
  return `${String(at.getHours()).padStart(2, "0")}:${String(at.getMinutes()).padStart(2, "0")}`;
}
