// The page's own marks of its start, for the start-up probe's profile (`make bench`): each is a name and the
// microseconds since the page began loading. Sent with the first `appReady`.

export type Mark = { page: string; micros: number };

export const startMarks: Mark[] = [];

export function mark(name: string) {
  startMarks.push({ page: name, micros: Math.round(performance.now() * 1000) });
}
