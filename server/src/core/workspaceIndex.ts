/**
 * The workspace index: for every Markdown file of the workspace folders, which concepts it uses and
 * where. Files open in the editor are indexed from their live `ConceptDocument`; the rest from disk.
 * The index holds compact summaries (concept id → offsets), never texts or syntax trees, so thousands
 * of drafts fit in little memory.
 *
 * The index knows no file system: a host lists and reads files for it.
 */
import type { Range } from 'vscode-languageserver-types';
import type { ConceptDocument } from './document';
import { LineIndex } from './lineIndex';

/** What the index needs from its environment. */
export interface WorkspaceHost {
  /** Reads a file's text, or undefined when it can't be read as text (gone, binary, too large). */
  readText(uri: string): Promise<string | undefined>;
  /** Annotates a text (the engine's `annotate`). */
  annotate(text: string, uri: string): ConceptDocument;
}

/** One indexed file: the ranges of each concept it uses. */
export interface IndexedFile {
  readonly uri: string;
  /** A content key (length + hash), so unchanged files are not re-annotated. */
  readonly key: string;
  /** concept id → ranges, in document order. */
  readonly concepts: ReadonlyMap<string, readonly Range[]>;
  readonly total: number;
}

/** Summarises a document for the index. */
export function summarize(doc: ConceptDocument, key = contentKey(doc.text)): IndexedFile {
  const concepts = new Map<string, Range[]>();
  const lines = new LineIndex(doc.text);
  for (const o of doc.occurrences) {
    let list = concepts.get(o.concept.id);
    if (!list) concepts.set(o.concept.id, (list = []));
    list.push({ start: lines.positionAt(o.start), end: lines.positionAt(o.end) });
  }
  return { uri: doc.uri, key, concepts, total: doc.occurrences.length };
}

/** A fast, stable content key: FNV-1a over UTF-16 code units, with the length. */
export function contentKey(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return `${text.length}:${(h >>> 0).toString(36)}`;
}

export class WorkspaceIndex {
  private readonly files = new Map<string, IndexedFile>();
  /** Files currently open in the editor: their live summary wins over the disk's. */
  private readonly open = new Map<string, IndexedFile>();
  /** Bumped on every change, so callers can cache derived answers. */
  generation = 0;

  constructor(private readonly host: WorkspaceHost) {}

  /** Indexes (or re-indexes) a file from disk. Returns false when it could not be read. */
  async indexFile(uri: string): Promise<boolean> {
    const text = await this.host.readText(uri);
    if (text === undefined) {
      this.remove(uri);
      return false;
    }
    const key = contentKey(text);
    if (this.files.get(uri)?.key === key) return true;
    this.files.set(uri, summarize(this.host.annotate(text, uri), key));
    this.generation++;
    return true;
  }

  /** Adds a summary computed elsewhere (a worker, a persisted cache). */
  put(file: IndexedFile): void {
    this.files.set(file.uri, file);
    this.generation++;
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

  setOpen(doc: ConceptDocument): void {
    this.open.set(doc.uri, summarize(doc));
    this.generation++;
  }

  closeOpen(uri: string): void {
    if (this.open.delete(uri)) this.generation++;
  }

  has(uri: string): boolean {
    return this.files.has(uri) || this.open.has(uri);
  }

  get(uri: string): IndexedFile | undefined {
    return this.open.get(uri) ?? this.files.get(uri);
  }

  /** Every indexed file, open documents first taking precedence over their disk copies. */
  *entries(): IterableIterator<IndexedFile> {
    for (const f of this.open.values()) yield f;
    for (const [uri, f] of this.files) if (!this.open.has(uri)) yield f;
  }

  get size(): number {
    let n = this.open.size;
    for (const uri of this.files.keys()) if (!this.open.has(uri)) n++;
    return n;
  }

  /** Every location of a concept across the workspace. */
  locationsOf(conceptId: string): { uri: string; range: Range }[] {
    const out: { uri: string; range: Range }[] = [];
    for (const f of this.entries()) for (const range of f.concepts.get(conceptId) ?? []) out.push({ uri: f.uri, range });
    return out;
  }

  /** How often a concept occurs across the workspace. */
  countOf(conceptId: string): { occurrences: number; files: number } {
    let occurrences = 0;
    let files = 0;
    for (const f of this.entries()) {
      const n = f.concepts.get(conceptId)?.length ?? 0;
      occurrences += n;
      if (n) files++;
    }
    return { occurrences, files };
  }
}
