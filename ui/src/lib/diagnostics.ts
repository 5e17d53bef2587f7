// Collects what goes wrong in the page that no code caught: uncaught errors, unhandled promise rejections and
// Content-Security-Policy violations. Each is also logged; the list lets the end-to-end tests assert that a
// journey produced none, and a later "report a problem" view can show them.

export type PageProblem = { kind: "error" | "rejection" | "csp"; message: string };

const problems: PageProblem[] = [];

function record(problem: PageProblem) {
  problems.push(problem);
  console.error(`[cairn] ${problem.kind}: ${problem.message}`);
}

export function installDiagnostics(target: Window = window) {
  target.addEventListener("error", (event) => record({ kind: "error", message: event.message }));
  target.addEventListener("unhandledrejection", (event) =>
    record({ kind: "rejection", message: String(event.reason?.message ?? event.reason) }),
  );
  target.document.addEventListener("securitypolicyviolation", (event) =>
    record({ kind: "csp", message: `${event.violatedDirective} blocked ${event.blockedURI || "inline content"}` }),
  );
  Object.defineProperty(target, "__cairnProblems", { value: () => problems.slice(), configurable: false });
}
