// When the screen shows its data: the start-up probe's measure of "usable" (`startup.ts`, and the blank floor in
// `main.ts`, so both are measured alike).
import { callsInFlight } from "./ipc";

const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
// A task queued from a frame callback runs after that frame is painted.
const afterPaint = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

/**
 * Resolves once the screen shows its data: no command is waiting for an answer and nothing says it is loading
 * (`aria-busy`), for two frames in a row (a page that loads in waves has a frame between them), then after the
 * next paint.
 */
export async function settled(): Promise<void> {
  let quietFrames = 0;
  while (quietFrames < 2) {
    await nextFrame();
    const quiet = callsInFlight() === 0 && document.querySelector('[aria-busy="true"]') === null;
    quietFrames = quiet ? quietFrames + 1 : 0;
  }
  await afterPaint();
}
