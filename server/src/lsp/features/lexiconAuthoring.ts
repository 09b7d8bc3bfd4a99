/**
 * Authoring lexicons from any editor, through the server: on a selection in a draft, "Add 「…」 as a
 * new concept" (into `<workspace folder>/.policy-lens/lexicon.yaml`, created with a CreateFile
 * operation when missing, never over an existing file) and "Add as an alias of X" (for the concepts
 * whose terms share characters with the selection); on a tagged occurrence, "Open the lexicon entry".
 *
 * The code actions carry commands; the server computes the edit when the command runs, from the
 * lexicon's current text (the open document's, with its version, when the editor has it open; else
 * the file on disk), and sends it with `workspace/applyEdit` as versioned `documentChanges`, so
 * Neovim and VS Code apply the same edit and a stale one is refused. The YAML edits themselves are
 * core/lexicon/authoring.ts; this file only turns them into protocol messages.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ClientCapabilities, CodeAction, CodeActionParams, CancellationToken, Connection, ExecuteCommandParams, Location, Range, WorkspaceEdit } from 'vscode-languageserver';
import { CodeActionKind, CodeActionTriggerKind, MessageType, ResponseError, ErrorCodes, ShowMessageNotification } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import * as l10n from '@vscode/l10n';
import { checkCancelled, documentWithSettings, visibleOccurrences, type FeatureContext } from '../context';
import { LineIndex } from '../../core/lineIndex';
import { dataDir } from '../../core/dataPath';
import type { Concept } from '../../core/lexicon/types';
import type { Engine } from '../../core/engine';
import { addAliasEdit, addConceptEdit, AuthoringError, conceptEntryLine, conceptIdFor, conceptIdsIn, newLexiconText, type LexiconEdit } from '../../core/lexicon/authoring';
import { hasHan } from '../../core/han';

/** The commands the code actions run (declared in the server's `executeCommandProvider`). */
export const LEXICON_COMMANDS = {
  addConcept: 'policyLens.lexicon.addConcept',
  addAlias: 'policyLens.lexicon.addAlias',
  openEntry: 'policyLens.lexicon.openEntry',
} as const;

/** The code action kinds this feature offers (declared in the server's `codeActionProvider`). */
export const LEXICON_ACTION_KINDS = [CodeActionKind.Refactor];

/** Where a new concept goes, relative to a workspace folder. */
export const WORKSPACE_LEXICON = '.policy-lens/lexicon.yaml';

/** Longest selection offered as a term, in characters. */
const MAX_TERM = 32;
/** At most this many "add as an alias of" actions. */
const MAX_ALIAS_ACTIONS = 5;

/** A document the editor has open, as the server's document store has it. */
export interface OpenText {
  readonly version: number;
  getText(): string;
}

export interface LexiconAuthoringHost {
  /** The open document at a URI (any language the client syncs), or undefined. */
  open(uri: string): OpenText | undefined;
  /** The workspace folders' URIs. */
  folders(): readonly string[];
}

type Route = <P, R>(name: string, handler: (c: FeatureContext, params: P, token: CancellationToken) => Promise<R> | R) => (params: P, token: CancellationToken) => Promise<R | ResponseError<void>>;

/**
 * Registers the commands on the connection and returns the code action provider (for the server's
 * combined codeAction route) and `configure`, to call with the client's capabilities in `initialize`.
 */
export function registerLexiconAuthoring(connection: Connection, route: Route, host: LexiconAuthoringHost) {
  let caps: ClientCapabilities = {};
  const authoring = {
    configure(capabilities: ClientCapabilities): void {
      caps = capabilities;
    },
    provideCodeActions: (ctx: FeatureContext, params: CodeActionParams, token?: CancellationToken) => provideLexiconActions(ctx, params, host, token),
  };
  connection.onExecuteCommand(
    route('executeCommand', async (ctx: FeatureContext, params: ExecuteCommandParams) => {
      const arg = (params.arguments?.[0] ?? {}) as Record<string, unknown>;
      const str = (k: string): string => {
        const v = arg[k];
        if (typeof v !== 'string' || !v) throw new ResponseError(ErrorCodes.InvalidParams, `${params.command}: argument ${k} must be a non-empty string`);
        return v;
      };
      switch (params.command) {
        case LEXICON_COMMANDS.addConcept:
          return addConcept(connection, engineOf(ctx, str('uri')), host, caps, str('uri'), str('term'));
        case LEXICON_COMMANDS.addAlias:
          return addAlias(connection, engineOf(ctx, str('uri')), host, caps, str('form'), str('conceptId'));
        case LEXICON_COMMANDS.openEntry:
          return openEntry(connection, typeof arg.uri === 'string' ? engineOf(ctx, arg.uri) : ctx.engine, caps, str('conceptId'));
        default:
          throw new ResponseError(ErrorCodes.InvalidParams, `unknown command ${params.command}`);
      }
    }),
  );
  return authoring;
}

/**
 * The engine of the draft a command was asked about: a command's params name no document, so the
 * context's own engine may be another folder's (the engine host's `engineFor`, when the context has it).
 */
function engineOf(ctx: FeatureContext, uri: string): Engine {
  const withHost = ctx as FeatureContext & { engineFor?: (uri: string) => Engine };
  return withHost.engineFor ? withHost.engineFor(uri) : ctx.engine;
}

/** The words of a selection as a term: line breaks inside it dropped (a soft-wrapped word), trimmed; undefined when it is no term. */
export function selectedTerm(text: string): string | undefined {
  const term = text.replace(/[ \t]*\r?\n[ \t]*/g, '').trim();
  if (!term || term.length > MAX_TERM || !hasHan(term)) return undefined;
  // A sentence or a clause is not a term.
  if (/[。！？；，、：\n]/.test(term)) return undefined;
  return term;
}

/**
 * The concepts nearest a selected term: those whose term shares characters with it, most shared
 * first (then the closest in length, then lexicon order). At most {@link MAX_ALIAS_ACTIONS}.
 */
export function nearestConcepts(term: string, concepts: readonly Concept[]): Concept[] {
  const chars = new Set([...term].filter(hasHan));
  return concepts
    .map((c, i) => ({ c, i, shared: [...new Set(c.term)].filter((ch) => chars.has(ch)).length }))
    .filter((x) => x.shared > 0 && x.c.term !== term)
    .sort((a, b) => b.shared - a.shared || Math.abs(a.c.term.length - term.length) - Math.abs(b.c.term.length - term.length) || a.i - b.i)
    .slice(0, MAX_ALIAS_ACTIONS)
    .map((x) => x.c);
}

async function provideLexiconActions(ctx: FeatureContext, params: CodeActionParams, host: LexiconAuthoringHost, token?: CancellationToken): Promise<CodeAction[] | null> {
  const only = params.context.only;
  const wants = (kind: string) => !only || only.some((k) => k === CodeActionKind.Empty || kind === k || kind.startsWith(k + '.'));
  const uri = params.textDocument.uri;
  if (uri === ctx.paperUri) return null;
  const opened = await documentWithSettings(ctx, uri, token);
  if (!opened) return null;
  const { doc, settings } = opened;
  const from = doc.lineIndex.offsetAt(params.range.start);
  const to = doc.lineIndex.offsetAt(params.range.end);
  const actions: CodeAction[] = [];
  const automatic = params.context.triggerKind === CodeActionTriggerKind.Automatic;
  if (from < to && wants(CodeActionKind.Refactor)) {
    const term = selectedTerm(doc.text.slice(from, to));
    // A selection that cuts through a tag (技术创新和颠 of 技术创新和颠覆性创新) is no term; nor is a form the
    // lexicons already have (it is tagged): nothing to add.
    const cutsTag = doc.occurrences.some((o) => o.start < to && from < o.end && (o.start < from || o.end > to));
    if (term && !cutsTag && !ctx.engine.matcher.forms.some((f) => f.text === term)) {
      actions.push({
        title: l10n.t('Add “{0}” as a new concept', term),
        kind: CodeActionKind.Refactor,
        command: { title: l10n.t('Add “{0}” as a new concept', term), command: LEXICON_COMMANDS.addConcept, arguments: [{ uri, term }] },
      });
      for (const c of nearestConcepts(term, ctx.engine.lexicon.concepts.filter((k) => editableOrigin(k) !== undefined))) {
        const title = l10n.t('Add “{0}” as an alias of “{1}”', term, c.term);
        actions.push({ title, kind: CodeActionKind.Refactor, command: { title, command: LEXICON_COMMANDS.addAlias, arguments: [{ uri, form: term, conceptId: c.id }] } });
      }
    }
  }
  // On a tag, asked for (not on every cursor move: a draft has a tag on almost every line).
  if (!automatic && !only) {
    const here = visibleOccurrences(doc, settings).filter((o) => (from === to ? o.start <= from && from <= o.end : o.start < to && from < o.end));
    const seen = new Set<string>();
    for (const o of here) {
      if (seen.has(o.concept.id)) continue;
      seen.add(o.concept.id);
      const title = l10n.t('Open the lexicon entry of “{0}”', o.concept.term);
      actions.push({ title, command: { title, command: LEXICON_COMMANDS.openEntry, arguments: [{ uri, conceptId: o.concept.id }] } });
    }
  }
  checkCancelled(token);
  return actions.length ? actions : null;
}

/**
 * Where a concept is written, when that is a file the writer may edit: a user or workspace lexicon,
 * never the shipped one (a later entry with a shipped concept's id would replace it, not extend it).
 */
function editableOrigin(concept: Concept): string | undefined {
  return concept.origin && concept.origin.kind !== 'shipped' ? concept.origin.uri : undefined;
}

/** The workspace folder holding a document (the innermost), or the first folder. */
function folderOf(uri: string, folders: readonly string[]): string | undefined {
  const inside = folders.filter((f) => uri === f || uri.startsWith(f.endsWith('/') ? f : f + '/')).sort((a, b) => b.length - a.length);
  return inside[0] ?? folders[0];
}

/** A lexicon's current text and version: the open document's, else the file's (version null), else undefined (no file). */
function lexiconText(uri: string, host: LexiconAuthoringHost): { text: string; version: number | null } | undefined {
  const open = host.open(uri);
  if (open) return { text: open.getText(), version: open.version };
  const path = URI.parse(uri).fsPath;
  if (!existsSync(path)) return undefined;
  if (!statSync(path).isFile()) throw new AuthoringError(`${path} is not a file`, 'not-a-lexicon');
  return { text: readFileSync(path, 'utf8'), version: null };
}

function say(connection: Connection, type: MessageType, message: string): void {
  void connection.sendNotification(ShowMessageNotification.type, { type, message });
}

function canApply(connection: Connection, caps: ClientCapabilities): boolean {
  if (caps.workspace?.applyEdit && caps.workspace.workspaceEdit?.documentChanges) return true;
  say(connection, MessageType.Warning, l10n.t('Policy Lens can’t edit the lexicon: this editor does not take versioned workspace edits (workspace/applyEdit with documentChanges).'));
  return false;
}

/** A versioned edit of a lexicon text (`version` null: not open in the editor, the file as read). */
function textEdit(uri: string, text: string, version: number | null, edit: LexiconEdit): WorkspaceEdit {
  const lines = new LineIndex(text);
  const range: Range = { start: lines.positionAt(edit.start), end: lines.positionAt(edit.end) };
  return { documentChanges: [{ textDocument: { uri, version }, edits: [{ range, newText: edit.newText }] }] };
}

async function apply(connection: Connection, label: string, edit: WorkspaceEdit): Promise<boolean> {
  const result = await connection.workspace.applyEdit({ label, edit });
  if (!result.applied) say(connection, MessageType.Warning, l10n.t('Policy Lens: the editor did not apply “{0}”{1}', label, result.failureReason ? ` (${result.failureReason})` : ''));
  return result.applied;
}

/** The result of an authoring command: whether the edit was applied, and where the entry is (0-based line). */
export interface AuthoringResult {
  applied: boolean;
  uri: string;
  conceptId: string;
  line?: number;
}

async function addConcept(connection: Connection, engine: Engine, host: LexiconAuthoringHost, caps: ClientCapabilities, draftUri: string, rawTerm: string): Promise<AuthoringResult | null> {
  const term = selectedTerm(rawTerm);
  if (!term) throw new ResponseError(ErrorCodes.InvalidParams, `“${rawTerm}” is not a term (one line of at most ${MAX_TERM} characters with Chinese in it)`);
  const folder = folderOf(draftUri, host.folders());
  if (!folder) {
    say(connection, MessageType.Warning, l10n.t('Policy Lens keeps new concepts in .policy-lens/lexicon.yaml of a workspace folder: open a folder first.'));
    return null;
  }
  if (!canApply(connection, caps)) return null;
  const uri = URI.parse(folder).with({ path: URI.parse(folder).path.replace(/\/$/, '') + '/' + WORKSPACE_LEXICON }).toString();
  const current = lexiconText(uri, host);
  const inFile = new Set(current ? conceptIdsIn(current.text) : []);
  const id = conceptIdFor(term, (k) => inFile.has(k) || engine.concept(k) !== undefined);
  const label = l10n.t('Add “{0}” as a new concept', term);
  if (!current) {
    if (!caps.workspace?.workspaceEdit?.resourceOperations?.includes('create')) {
      say(connection, MessageType.Warning, l10n.t('Policy Lens can’t create {0}: this editor does not create files through workspace edits. Create it, then try again.', WORKSPACE_LEXICON));
      return null;
    }
    const text = newLexiconText({ id, term });
    const edit: WorkspaceEdit = {
      documentChanges: [
        // Never over a file: if one appeared since, the editor refuses the whole edit.
        { kind: 'create', uri, options: { overwrite: false, ignoreIfExists: false } },
        { textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: text }] },
      ],
    };
    const applied = await apply(connection, label, edit);
    return { applied, uri, conceptId: id, line: conceptEntryLine(text, id) };
  }
  let change: LexiconEdit;
  try {
    change = addConceptEdit(current.text, { id, term });
  } catch (e) {
    if (e instanceof AuthoringError) {
      say(connection, MessageType.Warning, l10n.t('Policy Lens can’t add to {0}: {1}', WORKSPACE_LEXICON, e.message));
      return null;
    }
    throw e;
  }
  const applied = await apply(connection, label, textEdit(uri, current.text, current.version, change));
  // The entry's line, from the edit (parsing a long lexicon again would cost as much as the edit did).
  const lines = new LineIndex(current.text);
  const before = change.newText.slice(0, Math.max(0, change.newText.search(/(- |\{ )id: /)));
  return { applied, uri, conceptId: id, line: lines.positionAt(change.start).line + (before.match(/\n/g)?.length ?? 0) };
}

async function addAlias(connection: Connection, engine: Engine, host: LexiconAuthoringHost, caps: ClientCapabilities, rawForm: string, conceptId: string): Promise<AuthoringResult | null> {
  const form = selectedTerm(rawForm);
  if (!form) throw new ResponseError(ErrorCodes.InvalidParams, `“${rawForm}” is not a form (one line of at most ${MAX_TERM} characters with Chinese in it)`);
  const concept = engine.concept(conceptId);
  if (!concept) throw new ResponseError(ErrorCodes.InvalidParams, `no concept ${conceptId}`);
  const uri = editableOrigin(concept);
  if (!uri) {
    say(connection, MessageType.Warning, l10n.t('“{0}” is a concept of the shipped lexicon, which Policy Lens does not edit; add “{1}” as a new concept instead.', concept.term, form));
    return null;
  }
  if (!canApply(connection, caps)) return null;
  const current = lexiconText(uri, host);
  if (!current) throw new ResponseError(ErrorCodes.InvalidParams, `${uri} no longer exists`);
  let change: LexiconEdit;
  try {
    change = addAliasEdit(current.text, conceptId, form);
  } catch (e) {
    if (e instanceof AuthoringError) {
      say(connection, MessageType.Warning, l10n.t('Policy Lens can’t add to {0}: {1}', uri, e.message));
      return null;
    }
    throw e;
  }
  const applied = await apply(connection, l10n.t('Add “{0}” as an alias of “{1}”', form, concept.term), textEdit(uri, current.text, current.version, change));
  return { applied, uri, conceptId, line: conceptEntryLine(current.text, conceptId) };
}

/** Where a concept is written: its lexicon file (the shipped one for the paper's concepts) and the line of its entry. */
export function entryLocation(concept: Concept, engine: Engine): Location | undefined {
  const origin = concept.origin;
  if (origin) return { uri: origin.uri, range: { start: { line: origin.line, character: 0 }, end: { line: origin.line, character: 0 } } };
  const at = engine.lexicon.locate(concept.id);
  if (!at) return undefined;
  // `locate` points at the entry's first key (after `- `): its line is the entry's.
  const line = at.line - 1;
  return { uri: URI.file(join(dataDir(), 'lexicon.yaml')).toString(), range: { start: { line, character: 0 }, end: { line, character: 0 } } };
}

async function openEntry(connection: Connection, engine: Engine, caps: ClientCapabilities, conceptId: string): Promise<Location | null> {
  const concept = engine.concept(conceptId);
  if (!concept) throw new ResponseError(ErrorCodes.InvalidParams, `no concept ${conceptId}`);
  const location = entryLocation(concept, engine) ?? null;
  if (location && caps.window?.showDocument?.support) {
    await connection.window.showDocument({ uri: location.uri, selection: location.range, takeFocus: true }).catch(() => undefined);
  }
  return location;
}
