import { describe, expect, it } from "vitest";
import { pageFromHash, pages, paramFromHash, queryFromHash, router } from "./router.svelte";

describe("pageFromHash", () => {
  it("opens the page named in the hash", () => {
    expect(pageFromHash("#/settings")).toBe("settings");
    expect(pageFromHash("#/notes/42")).toBe("notes");
    expect(pageFromHash("#/study?week=3")).toBe("study");
  });

  it("falls back to the dashboard for an empty or unknown hash", () => {
    expect(pageFromHash("")).toBe("dashboard");
    expect(pageFromHash("#/no-such-page")).toBe("dashboard");
  });

  it("knows all nine sections in sidebar order", () => {
    expect(pages.map((page) => page.label)).toEqual([
      "Dashboard",
      "Milestones",
      "Notes",
      "Competencies",
      "Study",
      "Portfolio",
      "Network",
      "Reports",
      "Settings",
    ]);
  });
});

describe("paramFromHash", () => {
  it("reads what the page should open", () => {
    expect(paramFromHash("#/milestones/adult-learning")).toBe("adult-learning");
    expect(paramFromHash("#/milestones")).toBeNull();
    expect(paramFromHash("#/notes/a%20b?x=1")).toBe("a b");
  });
});

describe("queryFromHash", () => {
  it("reads what a new note is about", () => {
    const query = queryFromHash("#/notes/new?milestone=adult-learning&prompt=3");
    expect(query.get("milestone")).toBe("adult-learning");
    expect(query.get("prompt")).toBe("3");
    expect(queryFromHash("#/notes").toString()).toBe("");
  });
});

describe("router guard", () => {
  it("keeps the page when the guard says to stay, and moves when it allows", () => {
    router.replace("notes", "7");
    const visits = router.visit;
    router.guard = () => false;
    window.location.hash = "#/settings";
    window.dispatchEvent(new HashChangeEvent("hashchange"));
    expect(router.current).toBe("notes");
    expect(router.param).toBe("7");
    expect(window.location.hash).toBe("#/notes/7");
    router.guard = () => true;
    window.location.hash = "#/settings";
    window.dispatchEvent(new HashChangeEvent("hashchange"));
    expect(router.current).toBe("settings");
    expect(router.visit).toBeGreaterThan(visits);
    router.guard = null;
  });
});
