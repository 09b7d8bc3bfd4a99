/**
 * A copy of `s` that holds on to nothing else. V8 makes a substring of 13 code units or more a view
 * into the string it was cut from, and a heading's text outlives its document's version: an edit's
 * document takes over the headings after the edit, so a view kept one whole version of the text alive
 * for every heading ever re-read (about 0.12 MB a keystroke on the 1 MB draft, never collected). The
 * concatenation is flattened into a string of its own before the slice.
 */
export function ownString(s: string): string {
  return (' ' + s).slice(1);
}
