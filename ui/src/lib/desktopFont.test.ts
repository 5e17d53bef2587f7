import { describe, expect, it } from "vitest";
import { cssString, useDesktopFont } from "./desktopFont";

describe("the desktop's font", () => {
  it("is named first, with system-ui and sans-serif after it", () => {
    const root = document.createElement("div");
    useDesktopFont("Cantarell", root);
    expect(root.style.getPropertyValue("--font")).toBe('"Cantarell", system-ui, sans-serif');
  });

  it("leaves the stylesheet's font alone when the desktop names none", () => {
    const root = document.createElement("div");
    useDesktopFont(null, root);
    useDesktopFont("", root);
    expect(root.style.getPropertyValue("--font")).toBe("");
  });

  it("cannot end its string early, whatever the name holds", () => {
    expect(cssString('My "Font" \\ 2')).toBe('"My \\"Font\\" \\\\ 2"');
    const root = document.createElement("div");
    useDesktopFont('x", serif; color: red; "', root);
    expect(root.style.getPropertyValue("--font")).toBe('"x\\", serif; color: red; \\"", system-ui, sans-serif');
  });
});
