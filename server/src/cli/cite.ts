/**
 * `policy-lens cite SOURCE [ANCHOR] [--style gbt7714|bibtex|csl-json]`: a source's citation, with a
 * paragraph anchor (`s2-2-p1`) as the locator. SOURCE is a source id (`policy-lens cite zhu`),
 * its author or its title. A thin front end on core/cite.ts. Exit status 0, or 2 for a usage error,
 * an unknown source or an unknown anchor.
 */
import { sharedEngine } from '../core/engine';
import { cite as citation, CITATION_STYLES, type CitationStyle } from '../core/cite';

interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const CITE_USAGE = `policy-lens cite SOURCE [ANCHOR] [--style gbt7714|bibtex|csl-json]
      Prints the citation of a source (its id, author or title; the shipped paper is ${'`'}zhu${'`'}),
      with a paragraph anchor such as s2-2-p1 as the locator, in GB/T 7714-2015 (default), BibTeX or
      CSL-JSON. Fields the source's metadata lacks are left out, never invented.`;

/** Runs the cite command; returns the exit status. */
export function cite(args: string[], io: Io): number {
  let style: CitationStyle = 'gbt7714';
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--style' || a.startsWith('--style=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[++i];
      if (!CITATION_STYLES.includes(v as CitationStyle)) return usage(io, v === undefined ? '--style needs a value' : `--style must be one of ${CITATION_STYLES.join(', ')}, not "${v}"`);
      style = v as CitationStyle;
    } else if (a.startsWith('-')) {
      return usage(io, `unknown option "${a}"`);
    } else {
      positional.push(a);
    }
  }
  if (positional.length === 0) return usage(io, 'cite needs a SOURCE');
  if (positional.length > 2) return usage(io, `cite takes a SOURCE and at most one ANCHOR (got "${positional[2]}")`);
  const [name, anchor] = positional;
  const sources = sharedEngine().sources;
  const source = sources.find((s) => s.id === name) ?? sources.find((s) => s.meta.author === name || s.meta.title === name || `《${s.meta.title}》` === name);
  if (!source) {
    io.err(`policy-lens: no source "${name}"; the sources are: ${sources.map((s) => `${s.id} (${s.meta.author}《${s.meta.title}》)`).join(', ')}\n`);
    return 2;
  }
  if (anchor && !source.byAnchor(anchor)) {
    io.err(`policy-lens: ${source.id} has no paragraph "${anchor}" (anchors look like s2-2-p1, s0-p1, abstract-p1)\n`);
    return 2;
  }
  io.out(`${citation(source, style, anchor)}\n`);
  return 0;
}

function usage(io: Io, problem: string): number {
  io.err(`policy-lens: ${problem}\nUsage: ${CITE_USAGE}\n`);
  return 2;
}
