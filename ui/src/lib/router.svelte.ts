// Hash routing between the app's pages: `#/settings` opens Settings. The hash keeps the page across reloads,
// and the browser's back and forward work, with no library for nine fixed pages.

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

class Router {
  current: PageId = $state(pageFromHash(window.location.hash));
  param: string | null = $state(paramFromHash(window.location.hash));

  constructor() {
    window.addEventListener("hashchange", () => {
      this.current = pageFromHash(window.location.hash);
      this.param = paramFromHash(window.location.hash);
    });
  }

  go(id: PageId, param?: string) {
    window.location.hash = param ? `#/${id}/${encodeURIComponent(param)}` : `#/${id}`;
  }
}

export const router = new Router();
