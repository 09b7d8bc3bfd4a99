/**
 * Small readers of the export formats, written from the formats' published rules (not from our
 * writers), for the round-trip tests: RFC 4180 CSV, brat standoff .ann, WebAnno TSV 3.3, and a
 * minimal well-formedness check of XML.
 */

const UNQUOTED_END = /[,\r\n"]/g;

/** RFC 4180: records of fields; a leading UTF-8 BOM is required (Excel) and removed. */
export function parseCsv(text: string, { bom = true } = {}): string[][] {
  if (bom) {
    if (!text.startsWith('\ufeff')) throw new Error('no byte-order mark');
    text = text.slice(1);
  }
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new Error('unterminated quoted field');
        field += text.slice(i, q);
        if (text[q + 1] === '"') {
          field += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
    } else {
      UNQUOTED_END.lastIndex = i;
      const m = UNQUOTED_END.exec(text);
      const end = m ? m.index : text.length;
      if (m && m[0] === '"') throw new Error(`a quote inside an unquoted field at ${end}`);
      field = text.slice(i, end);
      i = end;
    }
    row.push(field);
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (i >= text.length) {
      if (row.length > 1 || row[0] !== '') rows.push(row);
      return rows;
    }
    if (text[i] !== '\r' || text[i + 1] !== '\n') throw new Error(`a record not ended by CRLF at ${i}`);
    i += 2;
    rows.push(row);
    row = [];
    if (i >= text.length) return rows;
  }
}

/** CSV records as objects keyed by the header row. */
export function csvObjects(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  for (const r of rows) if (r.length !== header.length) throw new Error(`a row of ${r.length} fields under a header of ${header.length}`);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

export interface BratEntity {
  id: string;
  type: string;
  /** Fragments in code points. */
  spans: [number, number][];
  text: string;
  note?: string;
}

/** brat standoff: `T` lines (`ID\tTYPE START END[;START END…]\tTEXT`) and `#` AnnotatorNotes lines. */
export function parseAnn(ann: string): BratEntity[] {
  const byId = new Map<string, BratEntity>();
  for (const line of ann.split('\n')) {
    if (!line) continue;
    const [id, middle, text] = line.split('\t');
    if (/^T\d+$/.test(id)) {
      const m = /^(\S+) (\d+ \d+(?:;\d+ \d+)*)$/.exec(middle);
      if (!m || text === undefined) throw new Error(`bad T line: ${line}`);
      byId.set(id, { id, type: m[1], spans: m[2].split(';').map((s) => s.split(' ').map(Number) as [number, number]), text });
    } else if (/^#\d+$/.test(id)) {
      const m = /^AnnotatorNotes (T\d+)$/.exec(middle);
      if (!m || !byId.has(m[1])) throw new Error(`bad note line: ${line}`);
      byId.get(m[1])!.note = text;
    } else throw new Error(`unknown line: ${line}`);
  }
  return [...byId.values()];
}

/** Code points `[start, end)` of a text. */
export function cpSlice(text: string, start: number, end: number): string {
  return [...text].slice(start, end).join('');
}

export interface TsvToken {
  sentence: number;
  token: number;
  begin: number;
  end: number;
  text: string;
  columns: string[];
}

export interface TsvDocument {
  layers: string[];
  sentences: { text: string; tokens: TsvToken[] }[];
}

const VALUE_UNESCAPE: Record<string, string> = { '\\\\': '\\', '\\[': '[', '\\]': ']', '\\|': '|', '\\_': '_', '\\->': '->', '\\;': ';', '\\t': '\t', '\\n': '\n', '\\*': '*' };

/** Undoes the escaping of reserved characters in a token or a feature value. */
export function unescapeValue(s: string): string {
  return s.replace(/\\(?:->|[\\[\]|_;tn*])/g, (m) => VALUE_UNESCAPE[m]);
}

/** Undoes the escaping of a `#Text=` line: `\\`, `\t`, `\n`, `\f`, `\r`, `\b`, and `\` before another control character. */
export function unescapeText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\\([\\tnfrb]|[\u0000-\u001f])/g, (_, c: string) => ({ '\\': '\\', t: '\t', n: '\n', f: '\f', r: '\r', b: '\b' })[c] ?? c);
}

/**
 * WebAnno TSV 3.3 by INCEpTION's published description: the format line, the layer lines, two empty
 * lines, then sentences (`#Text=` lines, then token lines `S-T\tBEGIN-END\tTOKEN\tcolumns…`), one
 * empty line between sentences.
 */
export function parseTsv(tsv: string): TsvDocument {
  const lines = tsv.split('\n');
  if (lines[0] !== '#FORMAT=WebAnno TSV 3.3') throw new Error(`first line: ${lines[0]}`);
  let i = 1;
  const layers: string[] = [];
  while (/^#T_(SP|CH|RL)=/.test(lines[i])) layers.push(lines[i++]);
  if (lines[i] !== '' || lines[i + 1] !== '') throw new Error('the header is not followed by two empty lines');
  i += 2;
  const sentences: TsvDocument['sentences'] = [];
  while (i < lines.length) {
    if (lines[i] === '' && i === lines.length - 1) break;
    const text: string[] = [];
    while (lines[i]?.startsWith('#Text=')) text.push(unescapeText(lines[i++].slice(6)));
    if (!text.length) throw new Error(`line ${i + 1}: a sentence without #Text: ${lines[i]}`);
    const tokens: TsvToken[] = [];
    while (i < lines.length && lines[i] !== '') {
      const cells = lines[i].split('\t');
      const id = /^(\d+)-(\d+)$/.exec(cells[0]);
      const off = /^(\d+)-(\d+)$/.exec(cells[1]);
      if (!id || !off) throw new Error(`line ${i + 1}: bad token line ${lines[i]}`);
      // INCEpTION writes a TAB after the last column.
      if (cells[cells.length - 1] === '') cells.pop();
      tokens.push({ sentence: +id[1], token: +id[2], begin: +off[1], end: +off[2], text: unescapeValue(cells[2]), columns: cells.slice(3) });
      i++;
    }
    sentences.push({ text: text.join('\n'), tokens });
    i++;
  }
  return { layers, sentences };
}

/** Whether a string is well-formed XML as far as elements go: tags balanced and properly nested, one root, attributes quoted. */
export function checkXml(xml: string): { root: string; attributes: Record<string, string> } {
  const body = xml.replace(/^\ufeff?<\?xml[^?]*\?>\s*/, '');
  const tag = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/g;
  const stack: string[] = [];
  let root: { root: string; attributes: Record<string, string> } | undefined;
  let m: RegExpExecArray | null;
  while ((m = tag.exec(body))) {
    if (m[6]) throw new Error(`a stray < at ${m.index}`);
    if (m[5] !== undefined) {
      if (!stack.length && m[5].trim()) throw new Error('text outside the root');
      if (/&(?!amp;|lt;|gt;|quot;|apos;|#\d+;|#x[0-9a-f]+;)/i.test(m[5])) throw new Error('a bare &');
      continue;
    }
    const [, close, name, attrs, selfClose] = m;
    if (close) {
      if (stack.pop() !== name) throw new Error(`</${name}> closes the wrong element`);
      continue;
    }
    if (!stack.length) {
      if (root) throw new Error('two roots');
      root = { root: name, attributes: Object.fromEntries([...attrs.matchAll(/([\w.:-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]])) };
    }
    if (!selfClose) stack.push(name);
  }
  if (stack.length) throw new Error(`unclosed <${stack.pop()}>`);
  if (!root) throw new Error('no root element');
  return root;
}
