/**
 * `jsonl`: JSON Lines, one occurrence a line, streamed. Each line is the JSON export's annotation
 * (annotationJson.ts) with its file first and the offset unit named: `{"file", "offsetUnit":"utf-16",
 * "start", "end", …}`. Reads with `pandas.read_json(path, lines=True)` or `jq`.
 */
import { fileJson } from './json';
import type { Exporter, ExportInput, ExportSink, ExportOptions } from './types';

export const jsonlExporter: Exporter = {
  id: 'jsonl',
  label: { zh: 'JSON Lines（每行一处）', en: 'JSON Lines (one occurrence a line)' },
  description: { zh: '每行一处概念出现，流式写出；pandas、jq 可读', en: 'one occurrence a line, streamed; for pandas, jq' },
  extensions: ['jsonl'],
  mediaType: 'application/jsonl',
  offsetUnit: 'utf-16',
  multiFile: false,
  async write(docs: ExportInput, sink: ExportSink, options: ExportOptions): Promise<string[]> {
    const name = `${options.baseName ?? 'annotations'}.jsonl`;
    const w = await sink.open(name, this.mediaType);
    for await (const d of docs) {
      const f = fileJson(d);
      const lines: string[] = [];
      for (const a of f.annotations) lines.push(JSON.stringify({ file: f.path, ...(f.textSource ? { textSource: f.textSource } : {}), offsetUnit: 'utf-16', ...a }));
      if (lines.length) await w.write(lines.join('\n') + '\n');
    }
    await w.close();
    return [name];
  },
};
