import type { Hover, HoverParams, CancellationToken } from 'vscode-languageserver';
import { MarkupKind } from 'vscode-languageserver';
import * as l10n from '@vscode/l10n';
import { checkCancelled, occurrenceAtPosition, type FeatureContext } from '../context';
import { paperLink } from '../links';
import type { FormKind } from '../../core/match/matcher';
import type { ConceptDocument } from '../../core/document';
import { SHIPPED_SOURCE_ID } from '../../core/source/types';
import { isPaperTerm } from '../../core/check/consistency';

/** Characters of the cited paragraph shown in the hover. */
const EXCERPT_LENGTH = 60;
/** Longest a hover waits for announced file changes to reach the index before it answers with the counts it has. */
const HOVER_INDEX_WAIT_MS = 25;
/** Longest sentence quoted whole; longer ones are cut around the term. */
const SENTENCE_LENGTH = 120;

/**
 * The sentence of the cited paragraph where the source uses the concept, with the term in bold, or
 * undefined when the paragraph argues the idea without naming it.
 */
function citedSentence(paper: ConceptDocument, conceptId: string, start: number, end: number): string | undefined {
  const occ = paper.occurrencesOf(conceptId).find((o) => o.start >= start && o.end <= end);
  if (!occ) return undefined;
  const sentence = paper.sentenceAt(occ.start);
  if (!sentence) return undefined;
  let from = Math.max(sentence.start, start);
  let to = Math.min(sentence.end, end);
  if (to - from > SENTENCE_LENGTH) {
    from = Math.max(from, occ.start - SENTENCE_LENGTH / 2);
    to = Math.min(to, from + SENTENCE_LENGTH);
  }
  const text = paper.text;
  const md = (s: string) => s.replace(/([\\`*_[\]<>])/g, '\\$1');
  return `${from > sentence.start ? '…' : ''}${md(text.slice(from, occ.start))}**${md(text.slice(occ.start, occ.end))}**${md(text.slice(occ.end, to))}${to < sentence.end ? '…' : ''}`;
}

/**
 * What the form under the cursor is to the paper's term, by its kind: only a synonym is a variant the
 * paper would correct; an official wording, an abbreviation or a translation is named as what it is.
 * A surface that brings its own quotation marks (“卡脖子”技术) is not wrapped in another pair.
 */
function formNote(kind: FormKind, surface: string, term: string, paperTerm: boolean): string {
  const quoted = /[“”‘’"「」]/.test(surface) ? surface : `“${surface}”`;
  switch (kind) {
    case 'official':
      return paperTerm ? l10n.t('{0} is the official wording of {1}, the paper’s term.', quoted, term) : l10n.t('{0} is the official wording of {1}.', quoted, term);
    case 'abbreviation':
      return l10n.t('{0} is an abbreviation of {1}.', quoted, term);
    case 'alternative':
      return l10n.t('{0} is another wording of {1}.', quoted, term);
    case 'traditional':
      return l10n.t('{0} is the traditional-Chinese form of {1}.', quoted, term);
    case 'english':
      return l10n.t('{0} is an English name of {1}.', quoted, term);
    default:
      return l10n.t('{0} is a variant of {1}.', quoted, term);
  }
}

/** Hover on a concept occurrence: term, definition (Chinese, then English), citation, related concepts, counts. */
export async function provideHover(ctx: FeatureContext, params: HoverParams, token?: CancellationToken): Promise<Hover | null> {
  const here = await occurrenceAtPosition(ctx, params, token);
  if (!here) return null;
  const { doc, occurrence: occ } = here;
  const c = occ.concept;
  const { lexicon } = ctx.engine;
  const cat = ctx.engine.categoryLabel(c);
  const lines: string[] = [];
  const surface = doc.text.slice(occ.start, occ.end).replace(/\s*\r?\n[\s>]*/g, '');
  lines.push(c.en ? `### ${c.term} · ${c.en}` : `### ${c.term}`);
  const meta = [cat.zh === cat.en ? cat.zh : `${cat.zh} ${cat.en}`, ...c.paths.map((p) => ctx.engine.pathLabel(c, p).zh)];
  lines.push(meta.map((m) => `\`${m}\``).join(' '));
  if (surface !== c.term) lines.push('', formNote(occ.kind, surface, c.term, isPaperTerm(c)));
  // A user's concept may define itself in one language only.
  if (c.definition.zh) lines.push('', c.definition.zh);
  if (c.definition.en) lines.push('', `*${c.definition.en}*`);
  const cited = ctx.engine.definingParagraph(c);
  if (cited) {
    const { source, paragraph: para } = cited;
    const shipped = source.id === SHIPPED_SOURCE_ID;
    const excerpt = citedSentence(ctx.sourceDocument(source), c.id, para.startOffset, para.endOffset) ?? (para.text.length > EXCERPT_LENGTH ? para.text.slice(0, EXCERPT_LENGTH) + '…' : para.text);
    const author = shipped ? ctx.engine.paper.author : source.meta.author;
    const title = shipped ? ctx.engine.paper.title : source.meta.title;
    const open = shipped ? l10n.t('Open the paper at this paragraph') : l10n.t('Open the source at this paragraph');
    lines.push('', '---', '', `**${l10n.t('Source')}** ${author}《${title}》, ${para.labelZh} (${para.labelEn})`, '', `> ${excerpt}`, '', `[${open}](${paperLink(ctx, para, source)})${copyCitationLink(ctx, source.id, para.anchor)}`);
  }
  const related = c.related.map((id) => lexicon.byId(id)).filter((r) => r !== undefined);
  if (related.length) lines.push('', `**${l10n.t('Related')}** ${related.map((r) => `${r.term} (${r.en})`).join(' · ')}`);
  // The workspace counts may lag a storm of file changes (a git checkout) by a moment; the hover must not.
  await ctx.indexUpdates(HOVER_INDEX_WAIT_MS);
  checkCancelled(token);
  const inDoc = doc.occurrencesOf(c.id).length;
  const inWs = ctx.index.countOf(c.id);
  lines.push('', l10n.t('In this document: {0} · In the workspace: {1} in {2} file(s)', inDoc, inWs.occurrences, inWs.files));
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: doc.rangeOf(occ) };
}

/** ` · [Copy citation](command:…)` for clients that run the extension's commands (VS Code); nothing elsewhere. */
function copyCitationLink(ctx: FeatureContext, source: string, anchor: string): string {
  if (ctx.paperLinks !== 'command') return '';
  return ` · [${l10n.t('Copy citation')}](command:policyLens.copyCitation?${encodeURIComponent(JSON.stringify([source === SHIPPED_SOURCE_ID ? { anchor } : { source, anchor }]))})`;
}
