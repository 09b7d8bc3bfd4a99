/**
 * Text from a Word .docx, by mammoth. Bundled on its own (dist/docx.js) and loaded only when a .docx is
 * named, so mammoth and its zip and XML libraries cost the command's start-up nothing.
 */
import * as mammoth from 'mammoth';

/** The document's raw text: each paragraph followed by a blank line (mammoth's extractRawText). */
export async function extractDocxText(buffer: Buffer): Promise<string> {
  return (await mammoth.extractRawText({ buffer })).value;
}
