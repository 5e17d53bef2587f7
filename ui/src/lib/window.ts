// The three things the UI asks of its window, in the calls `@tauri-apps/api/window` itself makes: its `Window`
// class (every method of a window, with the position and image helpers) was 2.8 KB of the bundle's gzipped
// JavaScript for these three (issue 18: the UI's JavaScript ≤ 120 KB).
import { invoke } from "@tauri-apps/api/core";
import { listen, TauriEvent } from "@tauri-apps/api/event";

declare global {
  interface Window {
    // What Tauri's page script says about the window it runs in (the window module reads the same field).
    __TAURI_INTERNALS__: { metadata: { currentWindow: { label: string } } };
  }
}

/**
 * Calls `keepOpen` when the person asks to close the window; the window closes unless it answers true. While a
 * listener is registered, Tauri leaves the closing to it (as `Window.onCloseRequested` does). Resolves to what
 * removes the listener.
 */
export function onCloseRequested(keepOpen: () => Promise<boolean>): Promise<() => void> {
  return listen(
    TauriEvent.WINDOW_CLOSE_REQUESTED,
    async () => {
      if (!(await keepOpen())) await destroyWindow();
    },
    { target: { kind: "Window", label: window.__TAURI_INTERNALS__.metadata.currentWindow.label } },
  );
}

/** Closes the window without asking the close listeners (the person chose to leave unsaved text). */
export function destroyWindow(): Promise<void> {
  // Without a label, the window commands act on the window that calls them.
  return invoke("plugin:window|destroy");
}

/** Asks the window to close, as its close button does. */
export function closeWindow(): Promise<void> {
  return invoke("plugin:window|close");
}
