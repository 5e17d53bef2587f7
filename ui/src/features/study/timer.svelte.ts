// The one study timer, shared by the sidebar badge, the Study page and the dashboard. Its state lives in the
// database; this module only mirrors it: it reads it when the app starts and after every action, and ticks the
// display once a second from the elapsed time Rust reported, so the figure never drifts from what is stored.
import type { Activity, Session, StopChoice, Timer, TimerInput } from "../../lib/bindings";
import { api } from "../../lib/ipc";

type TimerState = {
  timer: Timer | null;
  /** `performance.now()` when `timer` was read. */
  readAt: number;
  /** Ticks once a second while a timer runs, so `elapsedSeconds` re-derives. */
  tick: number;
  loaded: boolean;
  /** Bumped after a session is saved from the timer, so pages showing study time reload. */
  saved: number;
  /** The focus view is open over the page (only while there is a timer). */
  focusing: boolean;
  /** The session just stopped (or chosen from the list) whose reflection step is open. */
  reflecting: Session | null;
};

export const timerState: TimerState = $state({
  timer: null,
  readAt: 0,
  tick: 0,
  loaded: false,
  saved: 0,
  focusing: false,
  reflecting: null,
});

let ticker: ReturnType<typeof setInterval> | undefined;

/** Shows `timer` as read with the app's first call. */
export function adoptTimer(timer: Timer | null) {
  show(timer);
}

function show(timer: Timer | null) {
  timerState.timer = timer;
  if (!timer) timerState.focusing = false;
  timerState.readAt = performance.now();
  timerState.loaded = true;
  if (timer && !timer.paused) {
    ticker ??= setInterval(() => (timerState.tick += 1), 1000);
  } else if (ticker) {
    clearInterval(ticker);
    ticker = undefined;
  }
}

/** Running seconds now: what Rust reported plus the time since, unless paused. */
export function elapsedSeconds(state: TimerState = timerState): number {
  void state.tick;
  const timer = state.timer;
  if (!timer) return 0;
  if (timer.paused) return timer.elapsedSeconds;
  return timer.elapsedSeconds + Math.max(0, Math.floor((performance.now() - state.readAt) / 1000));
}

/** "0:25:13". */
export function clock(seconds: number): string {
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  return `${hours}:${String(minutes).padStart(2, "0")}:${String(rest).padStart(2, "0")}`;
}

export async function loadTimer(): Promise<void> {
  show(await api.studyTimer());
}

export async function startTimer(input: TimerInput): Promise<void> {
  show(await api.startTimer(input));
}

export async function pauseTimer(): Promise<void> {
  show(await api.pauseTimer());
}

export async function resumeTimer(): Promise<void> {
  show(await api.resumeTimer());
}

/**
 * Stops the timer and saves its session, then offers the reflection step (which never holds the stop up). Time
 * on a paid project is work, not study: it is not asked about (the session list still offers "Reflect").
 */
export async function stopTimer(choice: StopChoice): Promise<Session> {
  const session = await api.stopTimer(choice);
  show(null);
  timerState.saved += 1;
  if (session.projectId === null) timerState.reflecting = session;
  return session;
}

// What kind of study a checklist item's work is (the pathway's read, write, practise, contact, produce).
const itemActivities: Record<string, Activity> = {
  read: "reading",
  write: "writing_practice",
  practise: "writing_practice",
  produce: "writing_practice",
  contact: "networking",
};

/** Starts the timer for a checklist item (its milestone comes with it) and opens the focus view. */
export async function studyItem(item: { id: number; activity: string | null }): Promise<void> {
  const input: TimerInput = {
    activity: itemActivities[item.activity ?? ""] ?? "other",
    itemId: item.id,
    milestoneKey: null,
    competencyId: null,
    projectId: null,
    note: "",
  };
  show(await api.startTimer(input));
  timerState.focusing = true;
}

export async function discardTimer(): Promise<void> {
  await api.discardTimer();
  show(null);
}

export async function restoreTimer(): Promise<void> {
  show(await api.restoreTimer());
}
