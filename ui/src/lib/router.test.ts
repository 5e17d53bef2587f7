import { describe, expect, it } from "vitest";
import { pageFromHash, pages, paramFromHash } from "./router.svelte";

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
