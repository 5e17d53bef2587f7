// Copying text the person asked for (a quote, a disclosure statement) to the clipboard. The asynchronous
// clipboard API is tried first; where the web view refuses it, the text in `fallback` (a field holding the same
// text) is selected and copied the older way, which a click allows.

/** Copies `text`; `true` when it reached the clipboard. */
export async function copyText(text: string, fallback?: HTMLTextAreaElement | HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (!fallback) return false;
    fallback.focus();
    fallback.select();
    return document.execCommand("copy");
  }
}
