// Sync runs by itself once sync is set up: after the first screen is up, then every few minutes while Cairn is
// open (Rust syncs once more as it closes). Each run writes this device's changes and applies the others'; the
// last run's result is kept here for Settings to show.
import type { SyncReport } from "../../lib/bindings";
import { api, toCommandError } from "../../lib/ipc";

/** How often sync runs while Cairn is open. */
export const SYNC_EVERY_MS = 5 * 60 * 1000;

export const lastSync = $state<{ at: Date | null; report: SyncReport | null; failure: string | null }>({
  at: null,
  report: null,
  failure: null,
});

/** Syncs once, if sync is set up; remembers how it went. */
export async function syncOnce(): Promise<SyncReport | null> {
  try {
    if (!(await api.syncStatus())) return null;
    const report = await api.syncNow();
    lastSync.at = new Date();
    lastSync.report = report;
    lastSync.failure = null;
    return report;
  } catch (error) {
    lastSync.failure = toCommandError("sync", error).message;
    return null;
  }
}

let timer: ReturnType<typeof setInterval> | null = null;

/** Starts syncing now and every few minutes (once; later calls do nothing). */
export function startAutoSync(): void {
  if (timer !== null) return;
  void syncOnce();
  timer = setInterval(() => void syncOnce(), SYNC_EVERY_MS);
}
