// The app itself, loaded by `main.ts` unless the start-up probe asked for its blank floor.
import { mount } from "svelte";
import "./app.css";
import App from "./App.svelte";
import { reportWhenReady } from "./lib/startup";
import { preloadPages } from "./shell/pages";
import { startAutoSync } from "./features/sync/autosync.svelte";
import type { Start } from "./lib/bindings";

/** Shows the app in `target`; `firstData` is the `start` call `main.ts` made while this code loaded. */
export function start(target: HTMLElement, firstData: Promise<Start>) {
  mount(App, { target, props: { firstData } });
  // After the first screen: the other pages' code, then sync (when it is set up), never before the first paint.
  void reportWhenReady(async () => {
    await preloadPages();
    startAutoSync();
  });
}
