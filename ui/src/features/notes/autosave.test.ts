import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Autosaver } from "./autosave.svelte";

type Text = { body: string };

describe("Autosaver", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("saves once, shortly after typing stops, and only then says saved", async () => {
    const saved: string[] = [];
    const saver = new Autosaver<Text>({ body: "" }, null, async (value) => {
      saved.push(value.body);
      return "2026-11-24T10:42:00Z";
    });
    expect(saver.state.kind).toBe("untouched");
    saver.edit({ body: "H" });
    saver.edit({ body: "Hi" });
    expect(saver.state.kind).toBe("unsaved");
    await vi.advanceTimersByTimeAsync(500);
    expect(saved).toEqual([]);
    await vi.advanceTimersByTimeAsync(400);
    expect(saved).toEqual(["Hi"]);
    expect(saver.state).toEqual({ kind: "saved", at: "2026-11-24T10:42:00Z" });
  });

  it("flushes at once, and typing back to the saved text needs no save", async () => {
    const save = vi.fn(async () => "t");
    const saver = new Autosaver<Text>({ body: "a" }, "t0", save);
    saver.edit({ body: "ab" });
    saver.edit({ body: "a" });
    expect(await saver.flush()).toBe(true);
    expect(save).not.toHaveBeenCalled();
    saver.edit({ body: "abc" });
    expect(await saver.flush()).toBe(true);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it("adopts text restored elsewhere as saved, so showing it does not save it again", async () => {
    const save = vi.fn(async () => "t");
    const saver = new Autosaver<Text>({ body: "now" }, "t0", save);
    saver.edit({ body: "now, typed" });
    saver.adopt({ body: "earlier" }, "t1");
    expect(saver.state).toEqual({ kind: "saved", at: "t1" });
    saver.edit({ body: "earlier" });
    await vi.advanceTimersByTimeAsync(1000);
    expect(await saver.flush()).toBe(true);
    expect(save).not.toHaveBeenCalled();
  });

  it("keeps the error and the pending text when a save fails, and retries on the next flush", async () => {
    let fail = true;
    const saver = new Autosaver<Text>({ body: "" }, null, async () => {
      if (fail) throw { code: "invalid_input", message: "Too big", field: "body" };
      return "t1";
    });
    saver.edit({ body: "x".repeat(10) });
    expect(await saver.flush()).toBe(false);
    expect(saver.state.kind).toBe("failed");
    expect(saver.state.kind === "failed" && saver.state.error.field).toBe("body");
    expect(saver.pending).toBe(true);
    fail = false;
    expect(await saver.flush()).toBe(true);
    expect(saver.state).toEqual({ kind: "saved", at: "t1" });
  });

  it("saves text typed during a save right after it, never two saves at once", async () => {
    let inFlight = 0;
    let most = 0;
    const bodies: string[] = [];
    let release: () => void = () => {};
    const saver = new Autosaver<Text>({ body: "" }, null, async (value) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      bodies.push(value.body);
      await new Promise<void>((resolve) => (release = resolve));
      inFlight -= 1;
      return "t";
    });
    saver.edit({ body: "one" });
    const first = saver.flush();
    await Promise.resolve();
    saver.edit({ body: "one two" });
    const second = saver.flush();
    release();
    await vi.waitFor(() => expect(bodies.length).toBe(2));
    release();
    expect(await first).toBe(true);
    expect(await second).toBe(true);
    expect(bodies).toEqual(["one", "one two"]);
    expect(most).toBe(1);
    expect(saver.state.kind).toBe("saved");
  });
});
