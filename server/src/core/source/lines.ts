/** A line of a source file: its text without the break, and the UTF-16 offset where it starts. */
export interface Line {
  text: string;
  start: number;
}

/** Splits text into lines, keeping each line's UTF-16 start offset; accepts LF, CRLF and CR. */
export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  const re = /\r\n|\n|\r/g;
  let start = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    lines.push({ text: text.slice(start, m.index), start });
    start = m.index + m[0].length;
  }
  lines.push({ text: text.slice(start), start });
  return lines;
}
