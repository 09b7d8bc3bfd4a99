/**
 * Reads a file's bytes as a Markdown draft: UTF-8 only, strictly (invalid bytes are refused rather than
 * replaced, which would change the writer's text), and never a binary file (one with NUL bytes).
 */
export function decodeDraft(bytes: Uint8Array): { text: string } | { problem: 'binary' | 'not-utf8' } {
  if (bytes.includes(0)) return { problem: 'binary' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { problem: 'not-utf8' };
  }
}
