// The app itself, loaded by `main.ts` unless the start-up probe asked for its blank floor.
import { mount } from "svelte";
import "./app.css";
import App from "./App.svelte";
import { reportWhenReady } from "./lib/startup";
import { preloadPages } from "./shell/pages";

export function start(target: HTMLElement) {
  mount(App, { target });
  void reportWhenReady(preloadPages);
}
