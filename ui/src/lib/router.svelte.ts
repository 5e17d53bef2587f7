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

class Router {
  current: PageId = $state(pageFromHash(window.location.hash));

  constructor() {
    window.addEventListener("hashchange", () => {
      this.current = pageFromHash(window.location.hash);
    });
  }

  go(id: PageId) {
    window.location.hash = `#/${id}`;
  }
}

export const router = new Router();
