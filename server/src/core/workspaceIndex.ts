/**
 * The workspace index: for every Markdown file of the workspace folders, which concepts it uses and
 * where. Files open in the editor are indexed from their live `ConceptDocument`; the rest from disk.
 * The index holds compact summaries (concept id → offsets), never texts or syntax trees, so thousands
 * of drafts fit in little memory.
 *
 * The index knows no file system: the language server reads files and puts their summaries here.
 */
import type { Range } from 'vscode-languageserver-types';
import type { ConceptDocument } from './document';
import { LineIndex } from './lineIndex';
import { contentKey } from './contentKey';

export { contentKey };

/** One indexed file: the ranges of each concept it uses. */
export interface IndexedFile {
  readonly uri: string;
  /** A content key (length + hash), so unchanged files are not re-annotated. */
  readonly key: string;
  /**
   * concept id → ranges in document order, flat: `[startLine, startChar, endLine, endChar, …]`. Flat
   * numbers are what workers send and the persisted index stores, so reading a file's summary back
   * makes no objects per range; Range objects are made only for an answer that lists locations.
   */
  readonly concepts: ReadonlyMap<string, readonly number[]>;
  readonly total: number;
}

/** Summarises a document for the index. */
export function summarize(doc: ConceptDocument, key = contentKey(doc.text)): IndexedFile {
  const concepts = new Map<string, number[]>();
  const lines = new LineIndex(doc.text);
  for (const o of doc.occurrences) {
    let list = concepts.get(o.concept.id);
    if (!list) concepts.set(o.concept.id, (list = []));
    const start = lines.positionAt(o.start);
    const end = lines.positionAt(o.end);
    list.push(start.line, start.character, end.line, end.character);
  }
  return { uri: doc.uri, key, concepts, total: doc.occurrences.length };
}

export class WorkspaceIndex {
  private readonly files = new Map<string, IndexedFile>();
  /** Files currently open in the editor: their live document wins over the disk's; summarised on demand. */
  private readonly open = new Map<string, { doc: ConceptDocument; summary?: IndexedFile }>();
  /** Bumped on every change, so callers can cache derived answers. */
  generation = 0;

  /** Adds or replaces a file's summary (computed here, in a worker, or read from the persisted index). */
  put(file: IndexedFile): void {
    this.files.set(file.uri, file);
    this.generation++;
  }

  /** The summary of a file from disk if its content key is `key` (unchanged since it was indexed). */
  cached(uri: string, key: string): IndexedFile | undefined {
    const f = this.files.get(uri);
    return f?.key === key ? f : undefined;
  }

  /** Every file indexed from disk (not the open documents' live summaries), for persisting. */
  diskFiles(): IterableIterator<IndexedFile> {
    return this.files.values();
  }

  /** How many files from disk the index holds. */
  diskFileCount(): number {
    return this.files.size;
  }

  remove(uri: string): void {
    if (this.files.delete(uri)) this.generation++;
  }

  /** Removes every file under a folder URI (a workspace folder removed). */
  removeUnder(folderUri: string): void {
    const prefix = folderUri.endsWith('/') ? folderUri : folderUri + '/';
    for (const uri of [...this.files.keys()]) if (uri.startsWith(prefix)) this.files.delete(uri);
    this.generation++;
  }

  /** Records an open document's current version; it is summarised only when a query needs it. */
  setOpen(doc: ConceptDocument): void {
    if (this.open.get(doc.uri)?.doc === doc) return;
    this.open.set(doc.uri, { doc });
    this.generation++;
  }

  private openSummary(uri: string): IndexedFile | undefined {
    const entry = this.open.get(uri);
    if (!entry) return undefined;
    return (entry.summary ??= summarize(entry.doc));
  }

  closeOpen(uri: string): void {
    if (this.open.delete(uri)) this.generation++;
  }

  has(uri: string): boolean {
    return this.files.has(uri) || this.open.has(uri);
  }

  get(uri: string): IndexedFile | undefined {
    return this.openSummary(uri) ?? this.files.get(uri);
  }

  /** Every indexed file, open documents first taking precedence over their disk copies. */
  *entries(): IterableIterator<IndexedFile> {
    for (const uri of this.open.keys()) yield this.openSummary(uri)!;
    for (const [uri, f] of this.files) if (!this.open.has(uri)) yield f;
  }

  get size(): number {
    let n = this.open.size;
    for (const uri of this.files.keys()) if (!this.open.has(uri)) n++;
    return n;
  }

  private locationCache?: { generation: number; conceptId: string; locations: readonly { uri: string; range: Range }[] };

  /**
   * Every location of a concept across the workspace. The last answer is kept until the index changes:
   * an editor asks the same question repeatedly (Find All References, then peeking), and a frequent
   * concept has tens of thousands of locations.
   */
  locationsOf(conceptId: string): readonly { uri: string; range: Range }[] {
    const cached = this.locationCache;
    if (cached && cached.generation === this.generation && cached.conceptId === conceptId) return cached.locations;
    const out: { uri: string; range: Range }[] = [];
    for (const f of this.entries()) {
      const flat = f.concepts.get(conceptId);
      if (!flat) continue;
      for (let i = 0; i + 3 < flat.length; i += 4) out.push({ uri: f.uri, range: { start: { line: flat[i], character: flat[i + 1] }, end: { line: flat[i + 2], character: flat[i + 3] } } });
    }
    this.locationCache = { generation: this.generation, conceptId, locations: out };
    return out;
  }

  /** How often a concept occurs across the workspace. */
  countOf(conceptId: string): { occurrences: number; files: number } {
    let occurrences = 0;
    let files = 0;
    for (const f of this.entries()) {
      const n = (f.concepts.get(conceptId)?.length ?? 0) / 4;
      occurrences += n;
      if (n) files++;
    }
    return { occurrences, files };
  }
}

/** An indexed file as plain JSON, for worker messages and the persisted index. */
export interface IndexedFileJson {
  uri: string;
  key: string;
  total: number;
  /** [concept id, [startLine, startChar, endLine, endChar, …]] — flat numbers keep the cache small. */
  concepts: [string, number[]][];
}

export function indexedFileToJson(f: IndexedFile): IndexedFileJson {
  return { uri: f.uri, key: f.key, total: f.total, concepts: [...f.concepts].map(([id, flat]) => [id, [...flat]]) };
}

export function indexedFileFromJson(j: IndexedFileJson): IndexedFile {
  return { uri: j.uri, key: j.key, total: j.total, concepts: new Map(j.concepts) };
}

/**
 * Why a persisted entry can't be trusted, or undefined when it is well formed: field types, a content
 * key of the indexer's shape, known concept ids, ranges of four non-negative integers each, every
 * range ending at or after its start, ranges in document order, and a total that matches them. The
 * persisted index is data read back from disk, so a damaged entry is dropped (its file re-indexed),
 * never trusted.
 */
export function invalidIndexedFileJson(j: unknown, knownConcept: (id: string) => boolean): string | undefined {
  if (!j || typeof j !== 'object' || Array.isArray(j)) return 'not an object';
  const e = j as Record<string, unknown>;
  if (typeof e.uri !== 'string' || !e.uri.startsWith('file:')) return 'uri is not a file: URI';
  if (typeof e.key !== 'string' || !/^b\d+:[A-Za-z0-9_-]+$/.test(e.key)) return 'key is not a content key';
  if (!Number.isSafeInteger(e.total) || (e.total as number) < 0) return 'total is not a count';
  if (!Array.isArray(e.concepts)) return 'concepts is not a list';
  let ranges = 0;
  const seen = new Set<string>();
  for (const pair of e.concepts as unknown[]) {
    if (!Array.isArray(pair) || pair.length !== 2) return 'a concept entry is not an [id, ranges] pair';
    const [id, flat] = pair as [unknown, unknown];
    if (typeof id !== 'string' || !knownConcept(id)) return `unknown concept id ${JSON.stringify(id)}`;
    if (seen.has(id)) return `concept ${id} listed twice`;
    seen.add(id);
    if (!Array.isArray(flat) || flat.length === 0 || flat.length % 4 !== 0) return `ranges of ${id} are not groups of four numbers`;
    for (const n of flat) if (!Number.isSafeInteger(n) || (n as number) < 0) return `a range of ${id} is not made of non-negative integers`;
    const f = flat as number[];
    for (let i = 0; i < f.length; i += 4) {
      if (f[i + 2] < f[i] || (f[i + 2] === f[i] && f[i + 3] < f[i + 1])) return `a range of ${id} ends before it starts`;
      if (i >= 4 && (f[i] < f[i - 4] || (f[i] === f[i - 4] && f[i + 1] < f[i - 3]))) return `ranges of ${id} are out of order`;
    }
    ranges += f.length / 4;
  }
  if (ranges !== e.total) return `total ${e.total} is not the ${ranges} ranges listed`;
  return undefined;
}

/** The last line any range of an entry reaches (-1 for none), to check it against the file it describes. */
export function lastLineOf(j: IndexedFileJson): number {
  let last = -1;
  for (const [, flat] of j.concepts) for (let i = 2; i < flat.length; i += 4) if (flat[i] > last) last = flat[i];
  return last;
}
