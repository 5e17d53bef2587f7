// The app's pages and how an address names one, with no Svelte state: `main.ts` reads the first page from here
// before the app's code (and Svelte) has loaded. `router.svelte.ts` follows the address as it changes.

export const pages = [
  { id: "dashboard", label: "Dashboard" },
  { id: "milestones", label: "Milestones" },
  { id: "notes", label: "Notes" },
  { id: "competencies", label: "Competencies" },
  { id: "study", label: "Study" },
  { id: "portfolio", label: "Portfolio" },
  { id: "network", label: "Network" },
  { id: "reports", label: "Reports" },
  { id: "settings", label: "Settings" },
] as const;

export type PageId = (typeof pages)[number]["id"];

export function pageFromHash(hash: string): PageId {
  const id = hash.replace(/^#\/?/, "").split(/[/?]/)[0];
  return pages.find((page) => page.id === id)?.id ?? "dashboard";
}

/** The part after the page in `#/milestones/adult-learning`: which milestone, note, … to open. */
export function paramFromHash(hash: string): string | null {
  const part = hash.replace(/^#\/?/, "").split("?")[0]?.split("/")[1];
  return part ? decodeURIComponent(part) : null;
}

/** The `?key=value` part of the hash. */
export function queryFromHash(hash: string): URLSearchParams {
  const index = hash.indexOf("?");
  return new URLSearchParams(index === -1 ? "" : hash.slice(index + 1));
}
