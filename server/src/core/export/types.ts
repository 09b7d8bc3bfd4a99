/**
 * The exporters' shared shapes. An exporter turns a stream of annotated documents into one or more
 * output files, written through a sink chunk by chunk, so a corpus of 10,000 drafts never sits in
 * memory: only the current document and, for the aggregate formats (the document × concept matrix,
 * the co-occurrence network), counts.
 */
import type { ConceptDocument } from '../document';
import type { Concept } from '../lexicon/types';

/** A label in both UI languages (the core's one shape for it, as `CATEGORY_LABELS`). */
export interface BilingualLabel {
  readonly zh: string;
  readonly en: string;
}

/**
 * What offsets in a format count: UTF-16 code units (JavaScript strings, LSP, Java, WebAnno TSV),
 * Unicode code points (Python strings, brat standoff, the W3C TextPositionSelector), or no offsets
 * at all (counts and networks).
 */
export type OffsetUnit = 'utf-16' | 'code-point' | 'none';

/** One annotated document to export. */
export interface ExportDocument {
  /** The name written into the export (a path as the user gave it, or a URI). */
  readonly path: string;
  /** The document's URI, when it has one (the W3C target's `source`); else one is made from `path`. */
  readonly uri?: string;
  /** File name (no extension) for the document's own output files (brat, webanno); default: from `path`. */
  readonly stem?: string;
  /** The annotated text; `doc.text` is the text every offset refers to. */
  readonly doc: ConceptDocument;
  /** The front matter's fields, when the caller read them already; else the exporter reads `doc.text`'s. */
  readonly meta?: Readonly<Record<string, unknown>>;
  /** Set when the text is not the file's own characters (a Word document's extracted text). */
  readonly textSource?: 'docx-extracted';
}

/** One output file, in memory (`exportToFiles`). */
export interface ExportFile {
  readonly name: string;
  readonly content: string | Uint8Array;
}

/** Where an exporter writes one file: in chunks, then closed once. */
export interface ExportWriter {
  write(chunk: string): void | Promise<void>;
  close(): void | Promise<void>;
}

/** Opens the output files an exporter writes, by name (a plain file name, no folders). */
export interface ExportSink {
  open(name: string, mediaType: string): ExportWriter | Promise<ExportWriter>;
}

export interface ExportOptions {
  /** Every concept of the lexicon, in lexicon order: the matrix's columns and the network's nodes. */
  readonly concepts: readonly Concept[];
  /** Base name of the aggregate files (`annotations` → `annotations.csv`, `annotations.gexf`). */
  readonly baseName?: string;
  /** When the export was made (ISO 8601); fixed in tests. */
  readonly created?: string;
  /** The generator's version, for the formats that record it. */
  readonly version?: string;
}

/** Documents as an exporter reads them: a list, or an async stream (the CLI reads and annotates one at a time). */
export type ExportInput = Iterable<ExportDocument> | AsyncIterable<ExportDocument>;

export interface Exporter {
  /** The `--format` value. */
  readonly id: string;
  readonly label: BilingualLabel;
  /** One line: what it is and what opens it. */
  readonly description: BilingualLabel;
  /** Extensions of the files it writes, without the dot, the main one first. */
  readonly extensions: readonly string[];
  /** Media type of the main file. */
  readonly mediaType: string;
  readonly offsetUnit: OffsetUnit;
  /**
   * Whether it writes one file per document or several files (brat's .txt + .ann pairs, the CSV
   * matrix and long form): the CLI then writes into a folder given by `-o`.
   */
  readonly multiFile: boolean;
  /** Writes the export of `docs` through `sink`; resolves to the names of the files written, in order. */
  write(docs: ExportInput, sink: ExportSink, options: ExportOptions): Promise<string[]>;
}
