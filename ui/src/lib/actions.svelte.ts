// One way to run what the person asked for and say why it failed. `api` already turns every rejection into a
// `CommandError`; these keep its message on the page (an `Outcome`) or, for a form, put an error that names a
// `field` under that field and any other above the form (a `FormOutcome`).
import { fieldAttributes, type FieldAttributes } from "./fields";
import { toCommandError, type CommandError } from "./ipc";

/** What went wrong with the last action on a page, if anything. */
export class Outcome {
  /** The failure's message, as the page shows it. */
  failure = $state<string | null>(null);
  /** The failure itself, for a page that says more than its message (its `code`). */
  problem = $state<CommandError | null>(null);

  /** Runs `action`; when it fails its message is shown and `undefined` comes back. */
  async run<T>(action: () => Promise<T>): Promise<T | undefined> {
    this.failure = null;
    this.problem = null;
    try {
      return await action();
    } catch (error) {
      this.problem = toCommandError("action", error);
      this.failure = this.problem.message;
      return undefined;
    }
  }

  private asked = 0;

  /**
   * Like `run`, for a request a newer one replaces (search as you type, a preview that follows every choice):
   * only the newest call's answer or failure counts. An older call that ends later comes back `undefined` and
   * changes nothing, so a slow answer never overwrites a newer one.
   */
  async latest<T>(action: () => Promise<T>): Promise<T | undefined> {
    const mine = ++this.asked;
    this.failure = null;
    this.problem = null;
    try {
      const value = await action();
      return mine === this.asked ? value : undefined;
    } catch (error) {
      if (mine === this.asked) {
        this.problem = toCommandError("action", error);
        this.failure = this.problem.message;
      }
      return undefined;
    }
  }
}

/** A form checked by Rust: errors by field, a failure for the rest, and what was saved. */
export class FormOutcome extends Outcome {
  errors = $state<Record<string, string>>({});
  saved = $state<string | null>(null);
  busy = $state(false);

  /** `prefix` names the form's error elements (`<prefix>-<field>-error`). */
  constructor(readonly prefix: string) {
    super();
  }

  /**
   * Submits with `action`. A refusal at a field shows there (`fieldOf` maps a nested field such as `links[2]` to
   * the one the form shows, or to `null` for a field the form has no place for); anything else shows above the
   * form. `saved` says what happened when it worked.
   */
  async submit<T>(
    action: () => Promise<T>,
    saved = "Saved.",
    fieldOf: (field: string) => string | null = (field) => field,
  ): Promise<T | undefined> {
    this.errors = {};
    this.failure = null;
    this.saved = null;
    this.busy = true;
    try {
      const result = await action();
      this.saved = saved;
      return result;
    } catch (error) {
      const problem: CommandError = toCommandError("submit", error);
      const shownAt = problem.field ? fieldOf(problem.field) : null;
      if (shownAt) this.errors = { [shownAt]: problem.message };
      else this.failure = problem.message;
      return undefined;
    } finally {
      this.busy = false;
    }
  }

  /** The attributes that tie `field`'s control to its error. */
  attributes(field: string): FieldAttributes {
    return fieldAttributes(this.errors, this.prefix, field);
  }
}

/** The record most recently removed, so a page can offer to undo it after the editor that removed it closed. */
export class LastRemoved<T> {
  item = $state<T | null>(null);
}
