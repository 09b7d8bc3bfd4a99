/**
 * The command line's input and output, made safe: what it reads is bounded and never blocks on a FIFO or a
 * device, and what it writes never lands on an input or on a file it did not create (unless `--force`).
 *
 * Inputs: a regular file (Markdown, or a Word `.docx` whose text mammoth extracts), or `-` for standard
 * input. Anything else (a FIFO, a socket, a device such as /dev/zero, a folder) is refused with one line.
 * Output: standard output, or a file written through a fresh temporary name in the target folder
 * (exclusive create, so a planted symlink is never followed) and renamed into place.
 */
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readSync, realpathSync, renameSync, statSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { decodeDraft } from '../core/text/decode';

/** The name standard input gets in messages and in the JSON export's `path`. */
export const STDIN_NAME = '<stdin>';

/** Default limit on a draft's length in characters (UTF-16 code units), as the editor's `policyLens.maxFileSize`. */
export const DEFAULT_MAX_CHARS = 10_000_000;

/**
 * Bytes read at most for a limit of `maxChars` characters: UTF-8 takes up to 3 bytes for a Han character
 * (4 for an astral one, which is 2 code units), so 4 bytes a character is always enough; a .docx is a zip
 * and may be smaller or larger than its text, and gets the same byte budget.
 */
export function byteLimit(maxChars: number): number {
  return maxChars * 4;
}

/** What a file is on disk, to tell when an output names an input (the same file by any path or link). */
export interface FileIdentity {
  dev: number;
  ino: number;
  /** The canonical path (symlinks resolved), when it could be found. */
  real?: string;
}

function identityOf(stat: Stats, path?: string): FileIdentity {
  let real: string | undefined;
  if (path !== undefined) {
    try {
      real = realpathSync(path);
    } catch {
      real = undefined;
    }
  }
  return { dev: stat.dev, ino: stat.ino, real };
}

function sameFile(a: FileIdentity, b: FileIdentity): boolean {
  return (a.dev === b.dev && a.ino === b.ino) || (a.real !== undefined && a.real === b.real);
}

/**
 * The identity of an input as named on the command line (`-` is standard input, which may be a file
 * redirected with `<`), or undefined when it does not exist.
 */
export function inputIdentity(path: string): FileIdentity | undefined {
  try {
    if (path === '-') {
      const stat = fstatSync(0);
      return stat.isFile() ? identityOf(stat) : undefined;
    }
    return identityOf(statSync(path), path);
  } catch {
    return undefined;
  }
}

/** A draft read for annotation. */
export interface DraftInput {
  /** The name shown in messages and in the export (the path as given, or `<stdin>`). */
  name: string;
  text: string;
  /** Set when `text` is not the file's own characters: offsets then refer to the extracted text. */
  textSource?: 'docx-extracted';
}

export type ReadResult = DraftInput | { error: string };

export interface ReadOptions {
  /** Longest text accepted, in characters. */
  maxChars: number;
  /** Standard input, for `-` (tests pass their own). */
  stdin?: AsyncIterable<Buffer | string>;
}

const isDocxName = (path: string) => /\.docx$/i.test(path);
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const looksLikeZip = (b: Uint8Array) => b.length >= 4 && ZIP_MAGIC.every((x, i) => b[i] === x);

function tooLarge(name: string, maxChars: number): string {
  return `${name}: is larger than the limit of ${maxChars.toLocaleString('en-US')} characters (pass --max-file-size=N to raise it)`;
}

/**
 * Reads at most `limit` bytes of a regular file; `undefined` when the file has more. The file is opened
 * non-blocking and checked again after opening, so a FIFO put in its place in between cannot hang the read.
 */
function readRegularFile(path: string, limit: number): Buffer | undefined | { notRegular: true } {
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { notRegular: true };
    if (stat.size > limit) return undefined;
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1 << 20, limit + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > limit) return undefined; // the file grew while we read it
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

async function readStream(stream: AsyncIterable<Buffer | string>, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const c of stream) {
    const chunk = typeof c === 'string' ? Buffer.from(c) : c;
    chunks.push(chunk);
    total += chunk.length;
    if (total > limit) return undefined; // leaving the loop stops reading (the stream is destroyed)
  }
  return Buffer.concat(chunks, total);
}

/** Explains in one line why a path that is not a regular file is not read. */
function notRegularMessage(path: string, stat: Stats): string {
  if (stat.isDirectory()) return `${path}: is a folder, not a file (name the Markdown files inside it)`;
  const kind = stat.isFIFO() ? 'a named pipe (FIFO)' : stat.isSocket() ? 'a socket' : stat.isCharacterDevice() || stat.isBlockDevice() ? 'a device' : 'not a regular file';
  return `${path}: is ${kind}, not a regular file (use "-" to read standard input)`;
}

/**
 * Reads one input named on the command line as a draft, or explains in one line why it can't be annotated.
 * Never blocks on a FIFO or a device and never reads more than {@link byteLimit} bytes.
 */
export async function readInput(path: string, opts: ReadOptions): Promise<ReadResult> {
  const limit = byteLimit(opts.maxChars);
  const name = path === '-' ? STDIN_NAME : path;
  let bytes: Buffer | undefined;
  if (path === '-') {
    try {
      bytes = await readStream(opts.stdin ?? (process.stdin as AsyncIterable<Buffer>), limit);
    } catch (e) {
      return { error: `${name}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
    }
  } else {
    let stat: Stats;
    try {
      stat = statSync(path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return { error: code === 'ENOENT' || code === 'ENOTDIR' ? `${path}: no such file` : `${path}: cannot be read (${code ?? e})` };
    }
    if (!stat.isFile()) return { error: notRegularMessage(path, stat) };
    try {
      const read = readRegularFile(path, limit);
      if (read && 'notRegular' in read) return { error: `${path}: is not a regular file` };
      bytes = read;
    } catch (e) {
      return { error: `${path}: cannot be read (${(e as NodeJS.ErrnoException).code ?? e})` };
    }
  }
  if (bytes === undefined) return { error: tooLarge(name, opts.maxChars) };
  if (isDocxName(path) || (path === '-' && looksLikeZip(bytes))) return readDocx(name, bytes, opts.maxChars);
  // The byte-order mark stays (U+FEFF at offset 0): JSON offsets then index the file as Node and Python read it.
  const draft = decodeDraft(bytes, { bom: 'keep' });
  if ('text' in draft) {
    if (draft.text.length > opts.maxChars) return { error: tooLarge(name, opts.maxChars) };
    return { name, text: draft.text };
  }
  if (draft.problem === 'binary') {
    return looksLikeZip(bytes)
      ? { error: `${name}: is a zip file, not Markdown text (a Word document must be named .docx)` }
      : { error: `${name}: is a binary file, not Markdown text` };
  }
  return { error: `${name}: is not valid UTF-8 text (convert it to UTF-8, e.g. from GBK, and try again)` };
}

/**
 * The text of a Word document, as mammoth extracts it: one paragraph per line with a blank line between
 * paragraphs. Leading spaces and tabs of a paragraph are dropped, so an indented paragraph is prose, not a
 * Markdown code block. Offsets in the export then refer to this text, not to the .docx bytes.
 */
export function docxTextToDraft(raw: string): string {
  return raw.replace(/\r\n?/g, '\n').replace(/^[ \t]+/gm, '').replace(/\n+$/, '') + '\n';
}

/**
 * Bytes of XML a .docx may unpack to, for a limit of `maxChars` characters of text: Word's markup around
 * the text takes a few bytes per character, so 8 is generous for a real draft and stops a zip bomb (a
 * small file that inflates to gigabytes) before mammoth inflates and parses it all in memory.
 */
export function docxXmlLimit(maxChars: number): number {
  return maxChars * 8;
}

/**
 * Whether the XML parts of a zip inflate to more than `limit` bytes in all. Each part is inflated here
 * with a cap (`maxOutputLength`), so the sizes the archive declares, which may lie, are not trusted.
 * An archive this can't parse is left to mammoth, which reports it.
 */
export function zipXmlExceeds(bytes: Buffer, limit: number): boolean {
  const eocd = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > bytes.length) return false;
  const count = bytes.readUInt16LE(eocd + 10);
  let p = bytes.readUInt32LE(eocd + 16);
  let total = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || bytes.readUInt32LE(p) !== 0x02014b50) return false;
    const method = bytes.readUInt16LE(p + 10);
    const compressed = bytes.readUInt32LE(p + 20);
    const declared = bytes.readUInt32LE(p + 24);
    const nameLength = bytes.readUInt16LE(p + 28);
    const next = p + 46 + nameLength + bytes.readUInt16LE(p + 30) + bytes.readUInt16LE(p + 32);
    const local = bytes.readUInt32LE(p + 42);
    const name = bytes.toString('utf8', p + 46, p + 46 + nameLength);
    p = next;
    if (!/\.(xml|rels)$/i.test(name)) continue; // images and the like: mammoth's text extraction skips them
    if (declared === 0xffffffff || compressed === 0xffffffff) return true; // ZIP64: 4 GB or more
    if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== 0x04034b50) return false;
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const data = bytes.subarray(start, Math.min(bytes.length, start + compressed));
    if (method === 0) {
      total += data.length;
    } else if (method === 8) {
      try {
        total += inflateRawSync(data, { maxOutputLength: Math.max(1, limit - total + 1) }).length;
      } catch (e) {
        if (e instanceof RangeError || (e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return true;
        return false; // corrupt data: mammoth says so
      }
    }
    if (total > limit) return true;
  }
  return false;
}

async function readDocx(name: string, bytes: Buffer, maxChars: number): Promise<ReadResult> {
  if (!looksLikeZip(bytes)) return { error: `${name}: is not a Word document (a .docx is a zip file; this one is not)` };
  if (zipXmlExceeds(bytes, docxXmlLimit(maxChars))) {
    return { error: `${name}: unpacks to more than ${docxXmlLimit(maxChars).toLocaleString('en-US')} bytes of XML, too large for the limit of ${maxChars.toLocaleString('en-US')} characters (pass --max-file-size=N to raise it)` };
  }
  let raw: string;
  try {
    // Loaded only now: dist/docx.js beside the CLI bundle (scripts/build.mjs keeps it out of dist/cli.js).
    // require, not import(): Node's ESM loader would scan the 850 KB CommonJS bundle for its exports
    // first, which took longer than reading the document.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { extractDocxText } = require('./docx.js') as typeof import('./docx');
    raw = await extractDocxText(bytes);
  } catch (e) {
    const why = String((e as Error)?.message ?? e).split('\n')[0].slice(0, 160);
    return { error: `${name}: is not a readable Word document (${why})` };
  }
  const text = docxTextToDraft(raw);
  if (text.length > maxChars) return { error: tooLarge(name, maxChars) };
  return { name, text, textSource: 'docx-extracted' };
}

/** Why an output can't be written, in one line; `code` is the exit status to use. */
export class OutputError extends Error {
  constructor(message: string, readonly code = 2) {
    super(message);
  }
}

export interface OutputOptions {
  /** Replace an existing file (never an input, even then). */
  force: boolean;
  /** Identities of every input, from {@link inputIdentity}. */
  inputs: readonly FileIdentity[];
}

/**
 * Checks that `path` may be written: its folder exists, it is not an input (by device and inode or by
 * canonical path, so `./draft.md`, a symlink and a hard link are all caught), and it does not exist unless
 * `force`. Throws an {@link OutputError}. Returns `stream` for a device or a named pipe (`/dev/null`,
 * `/dev/stdout` on a terminal or a pipe), which is written through, since nothing there can be lost.
 */
export function checkOutput(path: string, opts: OutputOptions): 'new' | 'replace' | 'stream' {
  const target = resolve(path);
  const folder = dirname(target);
  let folderStat: Stats;
  try {
    folderStat = statSync(folder);
  } catch {
    throw new OutputError(`cannot write ${path}: the folder ${folder} does not exist`);
  }
  if (!folderStat.isDirectory()) throw new OutputError(`cannot write ${path}: ${folder} is not a folder`);
  let link: Stats;
  try {
    link = lstatSync(target);
  } catch {
    return 'new'; // nothing there: a new file
  }
  let stat: Stats | undefined;
  try {
    stat = statSync(target);
  } catch {
    stat = undefined; // a dangling symlink
  }
  if (stat) {
    const id = identityOf(stat, target);
    if (opts.inputs.some((i) => sameFile(i, id))) {
      throw new OutputError(`refusing to write ${path}: it is one of the input files (choose another output file)`);
    }
    if (stat.isDirectory()) throw new OutputError(`cannot write ${path}: it is a folder`);
    if (stat.isCharacterDevice() || stat.isFIFO()) return 'stream';
    // /dev/stdout or /proc/self/fd/1 on a file the shell redirected to: the user's own output, written
    // through; renaming over the name would replace the system's link instead.
    if (/^\/(dev|proc)\//.test(target) && stat.isFile()) return 'stream';
    if (!stat.isFile()) throw new OutputError(`cannot write ${path}: it is not a regular file`);
  }
  if (!opts.force) throw new OutputError(`${path} exists; pass --force to replace it`);
  if (!link.isFile() && !link.isSymbolicLink()) throw new OutputError(`cannot write ${path}: it is not a regular file`);
  return 'replace';
}

/**
 * Writes `text` to `path` after {@link checkOutput}: into a fresh temporary file in the same folder, created
 * exclusively (O_EXCL never follows a symlink planted at that name), then renamed over the target, so a
 * reader never sees half a file and a failed write leaves the old file as it was.
 */
export function writeOutput(path: string, text: string, opts: OutputOptions): void {
  if (checkOutput(path, opts) === 'stream') {
    try {
      const fd = openSync(path, constants.O_WRONLY | constants.O_APPEND); // no O_CREAT, no O_TRUNC
      try {
        writeAll(fd, text);
      } finally {
        closeSync(fd);
      }
    } catch (e) {
      throw new OutputError(`cannot write ${path} (${(e as NodeJS.ErrnoException).code ?? e})`);
    }
    return;
  }
  const target = resolve(path);
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number;
  try {
    fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o666);
  } catch (e) {
    throw new OutputError(`cannot write ${path} (${(e as NodeJS.ErrnoException).code ?? e})`);
  }
  try {
    try {
      writeAll(fd, text);
    } finally {
      closeSync(fd);
    }
    if (checkOutput(path, opts) === 'stream') throw new OutputError(`cannot write ${path}: it changed while it was written`); // again, just before the rename
    renameSync(tmp, target);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
    if (e instanceof OutputError) throw e;
    throw new OutputError(`cannot write ${path} (${(e as NodeJS.ErrnoException).code ?? e})`);
  }
}

function writeAll(fd: number, text: string): void {
  const data = Buffer.from(text, 'utf8');
  let off = 0;
  while (off < data.length) off += writeSync(fd, data, off, data.length - off);
}

/** An output file written in chunks (`openOutputFile`): `close` puts it in place, `abort` leaves nothing behind. */
export interface OutputFile {
  write(chunk: string): void;
  close(): void;
  abort(): void;
}

/**
 * Opens `path` for writing in chunks, with the safety of {@link writeOutput}: checked by
 * {@link checkOutput}, written into a fresh temporary file in the same folder (exclusive create, no
 * symlink followed) and renamed over the target on `close`, so a corpus export never has to sit in
 * memory and a failed one leaves the old file as it was. A device or a named pipe is written through.
 */
export function openOutputFile(path: string, opts: OutputOptions): OutputFile {
  const mode = checkOutput(path, opts);
  const fail = (e: unknown): never => {
    if (e instanceof OutputError) throw e;
    throw new OutputError(`cannot write ${path} (${(e as NodeJS.ErrnoException).code ?? e})`);
  };
  const openFd = (file: string, flags: number, fileMode?: number): number => {
    try {
      return openSync(file, flags, fileMode);
    } catch (e) {
      return fail(e);
    }
  };
  /** Writes a chunk to `fd`; on failure, `stop` closes (and cleans up) before the error is thrown. */
  const writer =
    (fd: number, stop: () => void) =>
    (chunk: string): void => {
      try {
        writeAll(fd, chunk);
      } catch (e) {
        stop();
        fail(e);
      }
    };
  if (mode === 'stream') {
    const fd = openFd(path, constants.O_WRONLY | constants.O_APPEND); // no O_CREAT, no O_TRUNC
    let open = true;
    const end = () => {
      if (open) (open = false), closeSync(fd);
    };
    return {
      write: writer(fd, end),
      close: end,
      abort: end,
    };
  }
  const target = resolve(path);
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openFd(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o666);
  let open = true;
  const abort = () => {
    if (!open) return;
    open = false;
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
  };
  return {
    write: writer(fd, abort),
    close: () => {
      if (!open) return;
      try {
        closeSync(fd);
        open = false;
        // Again, just before the rename: the target may have changed while the export ran.
        if (checkOutput(path, opts) === 'stream') throw new OutputError(`cannot write ${path}: it changed while it was written`);
        renameSync(tmp, target);
      } catch (e) {
        open = true;
        abort();
        fail(e);
      }
    },
    abort,
  };
}

/**
 * Prepares the folder a multi-file export writes into (`-o DIR`): made when it does not exist (its
 * parent must); an existing one must be a folder, and empty unless `force`, so an export never mixes
 * with or replaces files it did not write; with `force`, files of the same name are replaced, never an
 * input. Returns a function that opens one file of the folder by name.
 */
export function outputFolder(dir: string, opts: OutputOptions): (name: string) => OutputFile {
  const target = resolve(dir);
  let stat: Stats | undefined;
  try {
    stat = statSync(target);
  } catch {
    stat = undefined;
  }
  if (!stat) {
    try {
      mkdirSync(target);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new OutputError(code === 'ENOENT' ? `cannot write into ${dir}: the folder ${dirname(target)} does not exist` : `cannot make the folder ${dir} (${code ?? e})`);
    }
  } else if (!stat.isDirectory()) {
    throw new OutputError(`cannot write into ${dir}: it is not a folder (this format writes several files; give a folder with -o)`);
  } else if (!opts.force && readdirSync(target).length > 0) {
    throw new OutputError(`${dir} is not empty; pass --force to write into it (files of the same name are replaced)`);
  }
  return (name: string) => {
    if (name !== basename(name) || name === '.' || name === '..') throw new OutputError(`cannot write ${name}: not a plain file name`);
    return openOutputFile(join(target, name), opts);
  };
}
