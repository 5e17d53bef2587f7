import { describe, expect, it } from "vitest";
import { installDiagnostics } from "./diagnostics";

describe("installDiagnostics", () => {
  it("records uncaught errors and CSP violations for later inspection", () => {
    installDiagnostics(window);
    const read = (window as unknown as { __cairnProblems: () => { kind: string; message: string }[] }).__cairnProblems;
    expect(read()).toEqual([]);
    window.dispatchEvent(new ErrorEvent("error", { message: "boom" }));
    const violation = new Event("securitypolicyviolation") as Event & { violatedDirective: string; blockedURI: string };
    Object.assign(violation, { violatedDirective: "style-src", blockedURI: "" });
    document.dispatchEvent(violation);
    expect(read()).toEqual([
      { kind: "error", message: "boom" },
      { kind: "csp", message: "style-src blocked inline content" },
    ]);
  });
});
