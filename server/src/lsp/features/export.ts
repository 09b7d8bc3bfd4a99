/**
 * The export requests: the formats of the core's exporter registry, and one open document exported in
 * one of them. What the editor shows is what is exported: settings that hide concepts apply.
 */
import { ErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';
import * as l10n from '@vscode/l10n';
import { URI } from 'vscode-uri';
import { exporterById, exportFormats, exportToFiles, type ExportFormatInfo } from '../../core/export/registry';
import { visibleOccurrences, type FeatureContext } from '../context';

declare const POLICY_LENS_VERSION: string | undefined;

export function provideExportFormats(): { formats: ExportFormatInfo[] } {
  return { formats: exportFormats() };
}

export async function provideExport(ctx: FeatureContext, params: { uri: string; format: string }, token?: CancellationToken): Promise<{ format: string; files: { name: string; content: string }[]; annotations: number } | null> {
  const exporter = typeof params?.format === 'string' ? exporterById(params.format) : undefined;
  if (!exporter) throw new ResponseError(ErrorCodes.InvalidParams, l10n.t('Unknown export format "{0}".', String(params?.format)));
  if (typeof params.uri !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'uri must be a string');
  const doc = await ctx.document(params.uri);
  if (!doc || token?.isCancellationRequested) return null;
  const settings = await ctx.settings(params.uri);
  const visible = new Set(visibleOccurrences(doc, settings));
  const shown = doc.filtered((o) => visible.has(o));
  const uri = URI.parse(params.uri);
  const name = uri.path.split('/').pop() || 'document';
  const files = await exportToFiles(exporter, [{ path: uri.scheme === 'file' ? uri.fsPath : params.uri, uri: params.uri, stem: name.replace(/\.[^.]*$/, '') || name, doc: shown }], {
    concepts: ctx.engine.lexicon.concepts,
    baseName: name.replace(/\.[^.]*$/, '') || 'annotations',
    version: typeof POLICY_LENS_VERSION === 'string' ? POLICY_LENS_VERSION : undefined,
  });
  return { format: exporter.id, files: files.map((f) => ({ name: f.name, content: typeof f.content === 'string' ? f.content : Buffer.from(f.content).toString('utf8') })), annotations: shown.occurrences.length };
}
