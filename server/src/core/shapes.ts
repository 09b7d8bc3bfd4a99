/**
 * Whether the core keeps one object of each kind its hot code handles alive for the life of the
 * process (`keepShapes` in text/lezerProse.ts has the why: V8 drops code compiled against hidden
 * classes that a memory-reducing collection found unused). On by default; the bench turns it off for
 * its side-by-side rows, and every keeper lets go of what it kept when it is turned off.
 */
let keeping = true;
const resets: (() => void)[] = [];

export function keepingShapes(): boolean {
  return keeping;
}

/** Registers what a keeper does when keeping is turned off: let go of what it kept. */
export function onShapesReset(reset: () => void): void {
  resets.push(reset);
}

/** Turns keeping off (everything kept is let go) or on again. */
export function setKeepShapes(on: boolean): void {
  keeping = on;
  if (!on) for (const reset of resets) reset();
}
