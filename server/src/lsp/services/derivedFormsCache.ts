/**
 * The derived forms (traditional forms, pinyin) of user and workspace lexicon terms, kept in the
 * server's cache folder, so a workspace opened again loads its lexicon without loading OpenCC or
 * pinyin-pro (the core's derive.ts reads it through its injected DerivedFormsStore).
 *
 * The file is `derived-forms.json` in the cache folder: a header line naming the derivation it was
 * made with, then one line per term, `sha1 json` with json = `[key, forms]`. It is read once,
 * synchronously, when the store is made (a few hundred kilobytes at most), and only through a folder
 * that passes the indexer's checks (privateDir below) (ours, 0700, not a symlink) and without following a symlink at the
 * file's name; a line whose checksum, JSON or shape is wrong is dropped. Writes (after new derivations,
 * batched per build) go as the index's do: an exclusive, no-follow temporary file of mode 0600 renamed into
 * place, so a reader never sees half a file. Any failure only means deriving again.
 */
import { closeSync, constants, lstatSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { DERIVATION_KEY, isDerivedForms, type DerivedFormsStore } from '../../core/lexicon/derive';
import type { DerivedForms } from '../../core/lexicon/types';

const FORMAT = 'policy-lens-derived-forms';
const FILE = 'derived-forms.json';
/** At most this many terms are kept (the newest); a lexicon of 10,000 terms edited many times still fits. */
export const DERIVED_FORMS_MAX = 50_000;
/** A build derives its terms in one synchronous pass: the write follows it at once, batched (a server may be stopped soon after). */
const WRITE_DELAY_MS = 0;

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

export class DiskDerivedFormsStore implements DerivedFormsStore {
  private readonly entries = new Map<string, DerivedForms>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Lines dropped when reading (bad checksum, JSON or shape). */
  readonly dropped: number = 0;

  constructor(
    private readonly dir: string,
    private readonly log: (message: string) => void = () => undefined,
  ) {
    const body = readSafely(join(dir, FILE));
    if (body === undefined) return;
    const lines = body.split('\n');
    let header: unknown;
    try {
      header = JSON.parse(lines[0]);
    } catch {
      return;
    }
    const h = header as { format?: unknown; derivation?: unknown };
    if (h?.format !== FORMAT || h.derivation !== DERIVATION_KEY) return;
    let dropped = 0;
    for (const line of lines.slice(1)) {
      if (!line) continue;
      const sp = line.indexOf(' ');
      const json = line.slice(sp + 1);
      try {
        const entry: unknown = sp === 40 && sha1(json) === line.slice(0, 40) ? JSON.parse(json) : undefined;
        if (Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string' && isDerivedForms(entry[1])) {
          this.entries.set(entry[0], entry[1]);
          continue;
        }
      } catch {
        // dropped below
      }
      dropped++;
    }
    this.dropped = dropped;
  }

  get(key: string): DerivedForms | undefined {
    return this.entries.get(key);
  }

  set(key: string, forms: DerivedForms): void {
    this.entries.delete(key);
    this.entries.set(key, forms);
    while (this.entries.size > DERIVED_FORMS_MAX) this.entries.delete(this.entries.keys().next().value as string);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), WRITE_DELAY_MS);
  }

  /** Writes pending entries now (tests). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    try {
      this.write();
    } catch (e) {
      this.log(`policy-lens: derived forms not cached: ${e instanceof Error ? e.message : String(e)}`);
    }
    return Promise.resolve();
  }

  /**
   * Synchronous (a few hundred kilobytes at most, once per build that derived something): the server
   * may exit right after its first load, and an exit must not leave a temporary file behind.
   */
  private write(): void {
    const refused = privateDir(this.dir, true);
    if (refused) throw new Error(refused);
    const lines = [JSON.stringify({ format: FORMAT, derivation: DERIVATION_KEY })];
    for (const [k, f] of this.entries) {
      const json = JSON.stringify([k, f]);
      lines.push(`${sha1(json)} ${json}`);
    }
    const tmp = join(this.dir, `.derived-forms-${randomBytes(12).toString('hex')}.tmp`);
    const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    try {
      try {
        writeFileSync(fd, lines.join('\n') + '\n');
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, join(this.dir, FILE));
    } catch (e) {
      try {
        unlinkSync(tmp);
      } catch {
        // already gone
      }
      throw e;
    }
  }
}

/**
 * Why `dir` is not a folder only this user can write (as the indexer's secureCacheDir, synchronously):
 * created with mode 0700 when `create` and missing; a symlink, a non-folder, another user's folder or
 * one others can write to is refused. Undefined when it is fine.
 */
function privateDir(dir: string, create: boolean): string | undefined {
  let s;
  try {
    s = lstatSync(dir);
  } catch {
    if (!create) return `no cache folder ${dir}`;
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      s = lstatSync(dir);
    } catch (e) {
      return `cannot create the cache folder ${dir}: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
  if (s.isSymbolicLink()) return `the cache folder ${dir} is a symbolic link`;
  if (!s.isDirectory()) return `the cache folder ${dir} is not a folder`;
  const uid = process.getuid?.();
  if (uid !== undefined && s.uid !== uid) return `the cache folder ${dir} belongs to another user`;
  if (s.mode & 0o022) return `the cache folder ${dir} is writable by others`;
  return undefined;
}

/** The file's text, or undefined when the folder is not ours and private, the file is a symlink or missing. */
function readSafely(file: string): string | undefined {
  try {
    if (privateDir(join(file, '..'), false)) return undefined;
    const fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      return readFileSync(fd, 'utf8');
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}
