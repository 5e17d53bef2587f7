// The one way the UI calls Rust. `api` has exactly the generated command signatures; every rejection becomes a
// `CommandError` that carries the command's name and the `{code, message, field?}` payload, so callers switch on
// `error.code` (and show `error.field` errors at that field), never on message text.
import { commands, type ErrorCode, type ErrorPayload } from "./bindings";

/** A failure that did not come from a Cairn command itself: an ACL denial, an unknown command, a broken bridge. */
export type IpcFailureCode = "ipc";

export class CommandError extends Error {
  readonly command: string;
  readonly code: ErrorCode | IpcFailureCode;
  readonly field: string | undefined;

  constructor(command: string, payload: { code: ErrorCode | IpcFailureCode; message: string; field?: string | null }) {
    super(payload.message);
    this.name = "CommandError";
    this.command = command;
    this.code = payload.code;
    this.field = payload.field ?? undefined;
  }
}

function isErrorPayload(value: unknown): value is ErrorPayload {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Record<string, unknown>).code === "string" &&
    typeof (value as Record<string, unknown>).message === "string"
  );
}

/** Turns whatever an invoke rejected with into a `CommandError` for `command`. */
export function toCommandError(command: string, rejection: unknown): CommandError {
  if (rejection instanceof CommandError) return rejection;
  if (isErrorPayload(rejection)) return new CommandError(command, rejection);
  const message = rejection instanceof Error ? rejection.message : String(rejection);
  return new CommandError(command, { code: "ipc", message });
}

type Commands = typeof commands;

let inFlight = 0;

/** How many commands have been called and not answered yet (the start-up probe waits for none). */
export function callsInFlight(): number {
  return inFlight;
}

function wrap<K extends keyof Commands>(name: K, command: Commands[K]): Commands[K] {
  const call = command as (...args: unknown[]) => Promise<unknown>;
  const wrapped = async (...args: unknown[]) => {
    inFlight += 1;
    try {
      return await call(...args);
    } catch (rejection) {
      throw toCommandError(String(name), rejection);
    } finally {
      inFlight -= 1;
    }
  };
  return wrapped as Commands[K];
}

export const api: Commands = Object.fromEntries(
  (Object.keys(commands) as (keyof Commands)[]).map((name) => [name, wrap(name, commands[name])]),
) as Commands;
