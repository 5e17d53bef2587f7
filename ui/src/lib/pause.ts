// Work that follows typing or changing choices (a preview rendered in Rust) waits for a pause in the changes,
// except the first time: then nothing is on screen yet, and waiting would only show an empty pane.

/**
 * A scheduler for an `$effect`: `schedule(work)` runs `work` once `delayMs` pass with no newer call (at once
 * the first time), and returns the cancel that the effect returns, so a newer change or leaving the page
 * drops the pending run.
 */
export function afterPause(delayMs: number): (work: () => void) => () => void {
  let first = true;
  return (work) => {
    const timer = setTimeout(work, first ? 0 : delayMs);
    first = false;
    return () => clearTimeout(timer);
  };
}
