// The window's text is set in the desktop's interface font, named (`Start.desktopFont`, from GTK's settings):
// WebKitGTK lays out text in a named family faster than in `system-ui`, which app.css keeps as the fallback
// for a desktop that names none (issue 18: the first paint and every page).

/** `family` as a CSS string (quoted, its quotes and backslashes escaped). */
export function cssString(family: string): string {
  return `"${family.replace(/["\\]/g, (character) => `\\${character}`)}"`;
}

/** Sets the app's `--font` to the desktop's family, then `system-ui`; nothing when it named none. */
export function useDesktopFont(family: string | null, root: HTMLElement = document.documentElement): void {
  if (!family) return;
  root.style.setProperty("--font", `${cssString(family)}, system-ui, sans-serif`);
}
