// Hash routing between the app's pages: `#/settings` opens Settings, `#/notes/12` a note, and
// `#/notes/new?milestone=adult-learning&prompt=3` a new note. The hash keeps the page across reloads, and the
// browser's back and forward work, with no library for nine fixed pages.
import { pageFromHash, paramFromHash, queryFromHash, type PageId } from "./routes";

export { pages, pageFromHash, paramFromHash, queryFromHash, type PageId } from "./routes";

class Router {
  current: PageId = $state(pageFromHash(window.location.hash));
  param: string | null = $state(paramFromHash(window.location.hash));
  query: URLSearchParams = $state(queryFromHash(window.location.hash));
  /** Counts navigations the person made; `replace` does not count, so a page it renames is not rebuilt. */
  visit = $state(0);
  /**
   * Set by a page that must not be left yet (a note whose text could not be saved). It is asked before every
   * navigation and returns false to stay: the address goes back and the page stays as it was.
   */
  guard: (() => boolean) | null = null;
  private shown = window.location.hash;

  constructor() {
    window.addEventListener("hashchange", () => {
      if (this.guard && !this.guard()) {
        history.replaceState(null, "", this.shown || "#/");
        return;
      }
      this.show(window.location.hash);
      this.visit += 1;
    });
  }

  private show(hash: string) {
    this.shown = hash;
    this.current = pageFromHash(hash);
    this.param = paramFromHash(hash);
    this.query = queryFromHash(hash);
  }

  go(id: PageId, param?: string) {
    window.location.hash = param ? `#/${id}/${encodeURIComponent(param)}` : `#/${id}`;
  }

  /** Changes the address without a new history entry or a new visit (a new note that now has an id). */
  replace(id: PageId, param?: string) {
    const hash = param ? `#/${id}/${encodeURIComponent(param)}` : `#/${id}`;
    history.replaceState(null, "", hash);
    this.show(hash);
  }
}

export const router = new Router();
