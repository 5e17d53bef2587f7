// Autosave for the note editor: saves shortly after typing stops, at once when asked (blur, leaving the page,
// closing the window), one save at a time, and says honestly where things stand. "Saved" is only ever shown
// for text the save command has committed; a failed save keeps its error until a later save succeeds, and the
// text stays with the caller.
import { onDestroy, onMount } from "svelte";
import type { Outcome } from "../../lib/actions.svelte";
import { clockTime } from "../../lib/format";
import type { CommandError } from "../../lib/ipc";
import { toCommandError } from "../../lib/ipc";
import { onCloseRequested } from "../../lib/window";

export type SaveState =
  | { kind: "saved"; at: string }
  | { kind: "unsaved" }
  | { kind: "saving" }
  | { kind: "failed"; error: CommandError }
  | { kind: "untouched" };

export class Autosaver<T> {
  state: SaveState = $state({ kind: "untouched" });
  private latest: T;
  private latestJson: string;
  private savedJson: string;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<boolean> | null = null;

  /**
   * `stored` is what the database holds already (`savedAt` says when it was saved; omit it for a new note,
   * which is only created once something is typed). `save` commits a value and resolves with the save time.
   */
  constructor(
    stored: T,
    savedAt: string | null,
    private readonly save: (value: T) => Promise<string>,
    private readonly delayMs = 800,
  ) {
    this.latest = stored;
    this.latestJson = JSON.stringify(stored);
    this.savedJson = this.latestJson;
    if (savedAt) this.state = { kind: "saved", at: savedAt };
  }

  /** True while there is text the database does not have yet. */
  get pending(): boolean {
    return this.latestJson !== this.savedJson;
  }

  /** Records what the editor shows now and saves it after a pause in typing. */
  edit(value: T) {
    this.latest = value;
    this.latestJson = JSON.stringify(value);
    clearTimeout(this.timer);
    if (!this.pending) return;
    if (this.state.kind !== "failed" && this.state.kind !== "saving") this.state = { kind: "unsaved" };
    this.timer = setTimeout(() => void this.flush(), this.delayMs);
  }

  /** Saves now whatever is not saved yet; resolves true when everything shown is committed. */
  async flush(): Promise<boolean> {
    clearTimeout(this.timer);
    for (;;) {
      if (this.running) {
        await this.running;
        continue;
      }
      if (!this.pending) return this.state.kind !== "failed";
      const json = this.latestJson;
      const value = this.latest;
      this.state = { kind: "saving" };
      const attempt = this.save(value).then(
        (at) => {
          this.savedJson = json;
          this.state = this.pending ? { kind: "unsaved" } : { kind: "saved", at };
          return true;
        },
        (error: unknown) => {
          this.state = { kind: "failed", error: toCommandError("saveNote", error) };
          return false;
        },
      );
      this.running = attempt;
      const ok = await attempt;
      this.running = null;
      if (!ok) return false;
    }
  }

  /**
   * Records that the database already holds `value` (saved at `savedAt`) because it was written another way (a
   * version restored from the note's history): nothing is saved, and "Saved" is true again.
   */
  adopt(value: T, savedAt: string) {
    clearTimeout(this.timer);
    this.latest = value;
    this.latestJson = JSON.stringify(value);
    this.savedJson = this.latestJson;
    this.state = { kind: "saved", at: savedAt };
  }

  /** Stops the pending timer (the editor is going away and has flushed already). */
  dispose() {
    clearTimeout(this.timer);
  }
}

/** Where an autosaved text stands, in words (`untouched` says what happens once something is typed). */
export function saveStateText(state: SaveState, untouched: string): string {
  switch (state.kind) {
    case "saved":
      return `Saved ${clockTime(state.at)}`;
    case "saving":
      return "Saving…";
    case "unsaved":
      return "Unsaved changes";
    case "failed":
      return `Not saved: ${state.error.message}`;
    default:
      return untouched;
  }
}

/**
 * For a component that edits autosaved text, called while it is created. While it is shown, the window's close
 * request waits until `saver` has saved everything (text that cannot be saved keeps the window open, and
 * `onBlocked` says so; a failure to listen shows in `outcome`); when it goes, what is pending is saved. Returns
 * what stops the waiting early (before the window is destroyed on purpose).
 */
export function saveWhileShown<T>(saver: Autosaver<T>, onBlocked: () => void, outcome: Outcome): () => void {
  let stopListening: (() => void) | null = null;
  onMount(() => {
    let disposed = false;
    outcome.run(async () => {
      const unlisten = await onCloseRequested(async () => {
        if (await saver.flush()) return false;
        onBlocked();
        return true;
      });
      if (disposed) unlisten();
      else stopListening = unlisten;
    });
    return () => (disposed = true);
  });
  onDestroy(() => {
    stopListening?.();
    void saver.flush();
    saver.dispose();
  });
  return () => stopListening?.();
}
