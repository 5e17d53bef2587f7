// The start-up probe (`make bench`, `CAIRN_STARTUP_PROBE`): its mode, and the page's own marks of its start for
// the probe's profile, each a name and the microseconds since the page began loading (sent with the first
// `appReady`).

/** The probe's mode, set by Rust before the page's own code runs; absent in normal use. */
export const probe: string | undefined = (window as { __CAIRN_PROBE__?: string }).__CAIRN_PROBE__;

export type Mark = { page: string; micros: number };

export const startMarks: Mark[] = [];

export function mark(name: string) {
  startMarks.push({ page: name, micros: Math.round(performance.now() * 1000) });
}
