// The app-wide keyboard shortcuts, declared once: the key handler in AppShell acts on them and the shortcut
// sheet (`?`) lists them, so the list cannot drift from what the keys do.
import { pages } from "../lib/router.svelte";

export type Shortcut = { keys: string; does: string };

export const globalShortcuts: Shortcut[] = [
  { keys: "Ctrl+K", does: "Find a page, milestone, item, note, competency, piece, contact or organisation" },
  { keys: "?", does: "Show this list of shortcuts" },
  { keys: "Alt+N", does: "Write a new note" },
  { keys: "Alt+T", does: "Start the timer (reading), or stop it, save the session and reflect" },
  { keys: "Alt+F", does: "Open the running timer's focus view (Escape leaves it)" },
  ...pages.map((page, index) => ({ keys: `Alt+${index + 1}`, does: `Go to ${page.label}` })),
];

/** Shortcuts that work where their control has focus. */
export const inPageShortcuts: Shortcut[] = [
  { keys: "↑ ↓, Enter", does: "In the finder: choose a result and open it" },
  { keys: "Escape", does: "Close the finder, this list, a menu or a dialog" },
  { keys: "Alt+→ / Alt+←", does: "Network board: move the focused organisation a stage on or back" },
  { keys: "Enter", does: "Network board: open the focused organisation" },
  { keys: "1–5, Enter", does: "Self-assessment: rate the competency shown, then go on to the next" },
  { keys: "Alt+↑ / Alt+↓", does: "Checklist: move the focused item up or down" },
];

/** Whether the key was pressed while typing (a text field, a text area, the note editor). */
export function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  if (target.isContentEditable || target.closest("[contenteditable]:not([contenteditable='false'])")) return true;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  return tag === "INPUT" && !["checkbox", "radio", "button", "submit"].includes((target as HTMLInputElement).type);
}

/** What a key press asks for, if it is one of the app's shortcuts. */
export type ShortcutAction =
  | { kind: "finder" }
  | { kind: "sheet" }
  | { kind: "new-note" }
  | { kind: "timer" }
  | { kind: "focus" }
  | { kind: "page"; id: (typeof pages)[number]["id"] };

export function shortcutOf(event: KeyboardEvent): ShortcutAction | null {
  if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "k") return { kind: "finder" };
  if (event.altKey && !event.ctrlKey && !event.metaKey) {
    // By the physical key, so Alt+digit works whatever the layout turns it into.
    const digit = /^Digit([1-9])$/.exec(event.code);
    if (digit) {
      const page = pages[Number(digit[1]) - 1];
      return page ? { kind: "page", id: page.id } : null;
    }
    if (event.code === "KeyN") return { kind: "new-note" };
    if (event.code === "KeyT") return { kind: "timer" };
    if (event.code === "KeyF") return { kind: "focus" };
    return null;
  }
  if (event.key === "?" && !event.ctrlKey && !event.metaKey && !event.altKey && !typing(event.target)) return { kind: "sheet" };
  return null;
}
