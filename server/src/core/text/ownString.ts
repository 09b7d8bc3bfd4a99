/**
 * A copy of `s` that holds on to nothing else. V8 makes a substring of 13 code units or more a view
 * into the string it was cut from, and what is cut from a document's text may outlive its version: an
 * edit's document takes over the headings after the edit, and the quotation check's memo and the
 * directive reader's cache of recent blocks serve every version. A view there kept one whole version
 * of the text alive for every heading ever re-read, quotation typed or directive block edited (about
 * 0.12 MB a keystroke on the 1 MB draft from the headings alone, never collected). The concatenation
 * is flattened into a string of its own (the result is a view of that copy only) before the slice.
 */
export function ownString(s: string): string {
  return (' ' + s).slice(1);
}
