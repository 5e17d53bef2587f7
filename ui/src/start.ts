// The app itself, loaded by `main.ts` unless the start-up probe asked for its blank floor.
import { mount } from "svelte";
import "./app.css";
import App from "./App.svelte";
import { reportWhenReady } from "./lib/startup";
import { preloadPages } from "./shell/pages";
import { startAutoSync } from "./features/sync/autosync.svelte";

export function start(target: HTMLElement) {
  mount(App, { target });
  // After the first screen: the other pages' code, then sync (when it is set up), never before the first paint.
  void reportWhenReady(async () => {
    await preloadPages();
    startAutoSync();
  });
}
