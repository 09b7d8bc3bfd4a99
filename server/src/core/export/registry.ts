/**
 * The exporter registry: every export format, in the order the CLI's `--format`, the server's
 * export request and the editor's "Export annotations…" picker list them. Each exporter is one file
 * in this folder; adding a format is adding it here.
 */
import { bratExporter } from './brat';
import { cooccurrenceExporter } from './cooccurrence';
import { csvExporter } from './csv';
import { jsonExporter } from './json';
import { jsonlExporter } from './jsonl';
import { kwicCsvExporter, kwicTsvExporter } from './kwic';
import { w3cExporter } from './w3c';
import { webannoExporter } from './webanno';
import type { Exporter, ExportFile, ExportInput, ExportOptions, ExportSink, OffsetUnit, BilingualLabel } from './types';

export type { Exporter, ExportDocument, ExportFile, ExportInput, ExportOptions, ExportSink, ExportWriter, OffsetUnit, BilingualLabel } from './types';

export const EXPORTERS: readonly Exporter[] = Object.freeze([jsonExporter, jsonlExporter, w3cExporter, bratExporter, webannoExporter, csvExporter, kwicCsvExporter, kwicTsvExporter, cooccurrenceExporter]);

/** The exporter with this id, or undefined. */
export function exporterById(id: string): Exporter | undefined {
  return EXPORTERS.find((e) => e.id === id);
}

/** What a front end shows of a format (the server's export request lists these). */
export interface ExportFormatInfo {
  id: string;
  label: BilingualLabel;
  description: BilingualLabel;
  extensions: string[];
  mediaType: string;
  offsetUnit: OffsetUnit;
  multiFile: boolean;
}

export function exportFormats(): ExportFormatInfo[] {
  return EXPORTERS.map((e) => ({ id: e.id, label: e.label, description: e.description, extensions: [...e.extensions], mediaType: e.mediaType, offsetUnit: e.offsetUnit, multiFile: e.multiFile }));
}

/** The offset unit in words, for help texts. */
export const OFFSET_UNIT_LABELS: Readonly<Record<OffsetUnit, BilingualLabel>> = {
  'utf-16': { zh: 'UTF-16 码元', en: 'UTF-16 code units' },
  'code-point': { zh: 'Unicode 码点', en: 'Unicode code points' },
  none: { zh: '无偏移', en: 'no offsets' },
};

/** A sink that keeps every file in memory (an editor's export of one draft, tests). */
export function memorySink(): ExportSink & { files: ExportFile[] } {
  const files: ExportFile[] = [];
  return {
    files,
    open(name: string) {
      const parts: string[] = [];
      return {
        write: (chunk: string) => void parts.push(chunk),
        close: () => void files.push({ name, content: parts.join('') }),
      };
    },
  };
}

/** Runs an exporter into memory: the files it writes, in the order it closed them. */
export async function exportToFiles(exporter: Exporter, docs: ExportInput, options: ExportOptions): Promise<ExportFile[]> {
  const sink = memorySink();
  await exporter.write(docs, sink, options);
  return sink.files;
}
