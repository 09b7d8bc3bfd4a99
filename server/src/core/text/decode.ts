/**
 * Reads a file's bytes as a Markdown draft: UTF-8, or UTF-16 (little or big endian) when the file
 * starts with its byte-order mark; strictly (invalid bytes are refused rather than replaced, which
 * would change the writer's text), and never a binary file (one with NUL characters).
 *
 * The byte-order mark: `bom: 'keep'` keeps it as U+FEFF at offset 0, so offsets index the file as
 * Node (`readFileSync(path, 'utf8')`) and Python (`open(path, encoding='utf-8')`) read it; that is
 * what the CLI's JSON export uses. `bom: 'strip'` (the default) drops it, as editors do in their
 * buffers (VS Code, Neovim), so LSP ranges of files read from disk match the editor's text.
 */
export type DecodedEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

export interface DecodeOptions {
  readonly bom?: 'keep' | 'strip';
}

export function decodeDraft(bytes: Uint8Array, options: DecodeOptions = {}): { text: string; encoding: DecodedEncoding; bom: boolean } | { problem: 'binary' | 'not-utf8' } {
  const ignoreBOM = options.bom === 'keep';
  let encoding: DecodedEncoding = 'utf-8';
  let bom = false;
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) (encoding = 'utf-16le'), (bom = true);
  else if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) (encoding = 'utf-16be'), (bom = true);
  else if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bom = true;
  if (encoding === 'utf-8') {
    if (bytes.includes(0)) return { problem: 'binary' };
  } else if (bytes.length % 2 !== 0) return { problem: 'not-utf8' };
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true, ignoreBOM }).decode(bytes);
  } catch {
    return { problem: 'not-utf8' };
  }
  // UTF-16 text holds NUL bytes in every ASCII character; a NUL character there still means binary.
  if (encoding !== 'utf-8' && text.includes('\0')) return { problem: 'binary' };
  return { text, encoding, bom };
}
