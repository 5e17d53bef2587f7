import { describe, expect, it } from "vitest";
import { FormOutcome, LastRemoved, Outcome } from "./actions.svelte";
import { CommandError } from "./ipc";

const refusedAt = (field: string | null, message: string) =>
  new CommandError("addContact", { code: "invalid_input", message, field });

describe("an action's outcome", () => {
  it("returns what the action gave and shows nothing when it works", async () => {
    const outcome = new Outcome();
    outcome.failure = "an old failure";
    expect(await outcome.run(async () => 42)).toBe(42);
    expect(outcome.failure).toBeNull();
  });

  it("shows the failure's message and returns nothing when it fails", async () => {
    const outcome = new Outcome();
    const result = await outcome.run(async () => {
      throw new CommandError("portfolio", { code: "db_locked", message: "Another program holds the database." });
    });
    expect(result).toBeUndefined();
    expect(outcome.failure).toBe("Another program holds the database.");
    expect(outcome.problem?.code).toBe("db_locked");
    await outcome.run(async () => "fine");
    expect(outcome.problem).toBeNull();
  });
});

describe("the newest of overlapping requests", () => {
  it("keeps only the newest answer or failure when an older request ends later", async () => {
    const outcome = new Outcome();
    let finishSlow: (value: string) => void = () => {};
    let failSlow: (error: unknown) => void = () => {};
    const slow = outcome.latest(() => new Promise<string>((resolve) => (finishSlow = resolve)));
    const fast = outcome.latest(async () => "new");
    expect(await fast).toBe("new");
    finishSlow("old");
    expect(await slow).toBeUndefined();

    const failing = outcome.latest(() => new Promise<string>((_, reject) => (failSlow = reject)));
    expect(await outcome.latest(async () => "newer")).toBe("newer");
    failSlow(new CommandError("searchNotes", { code: "database", message: "stale failure" }));
    expect(await failing).toBeUndefined();
    expect(outcome.failure).toBeNull();

    expect(await outcome.latest(async () => Promise.reject(new Error("now")))).toBeUndefined();
    expect(outcome.failure).toContain("now");
  });
});

describe("a form's outcome", () => {
  it("puts a refusal at its field, ties the control to it, and shows nothing above the form", async () => {
    const form = new FormOutcome("contact");
    const result = await form.submit(async () => {
      throw refusedAt("name", "Give the contact a name.");
    });
    expect(result).toBeUndefined();
    expect(form.errors).toEqual({ name: "Give the contact a name." });
    expect(form.failure).toBeNull();
    expect(form.saved).toBeNull();
    expect(form.attributes("name")).toEqual({ "aria-invalid": "true", "aria-describedby": "contact-name-error" });
    expect(form.attributes("role")["aria-invalid"]).toBeUndefined();
  });

  it("maps a nested field to the one the form shows", async () => {
    const form = new FormOutcome("contact");
    await form.submit(
      async () => {
        throw refusedAt("links[1]", "Only web and mail links.");
      },
      "Saved.",
      (field) => (field.startsWith("links") ? "links" : field),
    );
    expect(form.errors).toEqual({ links: "Only web and mail links." });
  });

  it("shows a refusal at a field the form has no place for above the form", async () => {
    const form = new FormOutcome("assess");
    await form.submit(
      async () => {
        throw refusedAt("ratings[3].evidence", "Evidence is at most 2,000 characters.");
      },
      "Saved.",
      (field) => (field === "takenOn" ? field : null),
    );
    expect(form.errors).toEqual({});
    expect(form.failure).toBe("Evidence is at most 2,000 characters.");
  });

  it("shows a refusal without a field above the form, and clears old errors on the next try", async () => {
    const form = new FormOutcome("piece");
    await form.submit(async () => {
      throw refusedAt("title", "Give the piece a title.");
    });
    await form.submit(async () => {
      throw refusedAt(null, "The disk is full.");
    });
    expect(form.errors).toEqual({});
    expect(form.failure).toBe("The disk is full.");
    expect(await form.submit(async () => "done", "Saved at last.")).toBe("done");
    expect(form.failure).toBeNull();
    expect(form.saved).toBe("Saved at last.");
    expect(form.busy).toBe(false);
  });

  it("remembers the last removed record until it is taken back", () => {
    const removed = new LastRemoved<{ id: number }>();
    expect(removed.item).toBeNull();
    removed.item = { id: 7 };
    expect(removed.item).toEqual({ id: 7 });
  });
});
