import type { TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import type { ConceptDocument } from '../core/document';

/**
 * Every edit the server offers goes through here, so it is versioned: `documentChanges` names the
 * document's version, and a client rejects an edit computed for an older text instead of applying it
 * to the wrong characters. Only a client without `workspace.workspaceEdit.documentChanges` gets the
 * unversioned `changes`; features then offer edits only for diagnostics that still match the current
 * version (see consistency.ts).
 */
export function documentEdit(doc: ConceptDocument, edits: TextEdit[], documentChanges: boolean): WorkspaceEdit {
  if (!documentChanges) return { changes: { [doc.uri]: edits } };
  return { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits }] };
}
