import { describe, expect, it } from "vitest";
import { globalShortcuts, shortcutOf } from "./shortcuts";

function key(init: KeyboardEventInit, target?: HTMLElement): KeyboardEvent {
  const event = new KeyboardEvent("keydown", init);
  if (target) Object.defineProperty(event, "target", { value: target });
  return event;
}

describe("the app's shortcuts", () => {
  it("opens the finder with Ctrl+K anywhere, even while typing", () => {
    expect(shortcutOf(key({ key: "k", ctrlKey: true }, document.createElement("textarea")))).toEqual({ kind: "finder" });
    expect(shortcutOf(key({ key: "K", metaKey: true }))).toEqual({ kind: "finder" });
  });

  it("shows the sheet with ? but not while typing a question mark", () => {
    expect(shortcutOf(key({ key: "?" }, document.createElement("button")))).toEqual({ kind: "sheet" });
    expect(shortcutOf(key({ key: "?" }, document.createElement("input")))).toBeNull();
    const editor = document.createElement("div");
    editor.setAttribute("contenteditable", "true");
    document.body.append(editor);
    expect(shortcutOf(key({ key: "?" }, editor))).toBeNull();
  });

  it("goes to page N with Alt+N by the physical key, and lists every shortcut it acts on", () => {
    expect(shortcutOf(key({ key: "¡", code: "Digit1", altKey: true }))).toEqual({ kind: "page", id: "dashboard" });
    expect(shortcutOf(key({ key: "9", code: "Digit9", altKey: true }))).toEqual({ kind: "page", id: "settings" });
    expect(shortcutOf(key({ key: "n", code: "KeyN", altKey: true }))).toEqual({ kind: "new-note" });
    expect(shortcutOf(key({ key: "t", code: "KeyT", altKey: true }))).toEqual({ kind: "timer" });
    expect(shortcutOf(key({ key: "f", code: "KeyF", altKey: true }))).toEqual({ kind: "focus" });
    expect(shortcutOf(key({ key: "x", code: "KeyX", altKey: true }))).toBeNull();
    expect(shortcutOf(key({ key: "k" }))).toBeNull();
    const listed = globalShortcuts.map((s) => s.keys);
    for (const keys of ["Ctrl+K", "?", "Alt+N", "Alt+T", "Alt+F", "Alt+1", "Alt+9"]) expect(listed).toContain(keys);
  });
});
