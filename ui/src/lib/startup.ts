// When the first screen shows its data, Rust is told (`appReady`): it then starts the start-up work that could
// wait, such as the day's backup, so that work never competes with the first paint. The same signal is the
// start-up probe's (`make bench`, `CAIRN_STARTUP_PROBE`): in its `pages` mode this then opens every page in
// turn and reports how long each took to be usable.
import type { Dashboard } from "./bindings";
import { api } from "./ipc";
import { settled } from "./settle";
import { mark, probe, startMarks } from "./marks";
import { pages } from "./router.svelte";

let startDashboard: Dashboard | null = null;

/** Keeps the dashboard that came with the app's first call, for the dashboard page to show at once. */
export function keepStartDashboard(dashboard: Dashboard | null) {
  startDashboard = dashboard;
}

/** The dashboard read at start, once (a later visit reads it afresh). */
export function takeStartDashboard(): Dashboard | null {
  const taken = startDashboard;
  startDashboard = null;
  return taken;
}

/** Opens each page and measures from the navigation until its data is on screen. */
async function timePages(): Promise<{ page: string; micros: number }[]> {
  const timings: { page: string; micros: number }[] = [];
  for (const { id: page } of pages) {
    const started = performance.now();
    window.location.hash = `#/${page}`;
    await settled();
    timings.push({ page, micros: Math.round((performance.now() - started) * 1000) });
  }
  return timings;
}

/**
 * Tells Rust the first screen is up, then does the app's own work that could wait (`afterReady`); under the
 * probe's `pages` mode, then times every page.
 */
export async function reportWhenReady(afterReady: () => Promise<void>): Promise<void> {
  await settled();
  mark("painted");
  await api.appReady(startMarks);
  await afterReady();
  if (probe === "pages") await api.appReady(await timePages());
}
