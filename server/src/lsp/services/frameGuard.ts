/**
 * A guard in front of vscode-jsonrpc's stdio reader that finds the next message again after a framing
 * error. vscode-jsonrpc trusts every `Content-Length`: one that is off by a few bytes makes it cut every
 * later message in the wrong place, and the server stays alive but answers nothing. The guard re-frames
 * the byte stream itself and passes on only messages that look whole: a body that does not start with
 * `{` or `[` and end with `}` or `]`, or that is not followed by the next header, is dropped, and the
 * stream is searched from the start of that body for the next `Content-Length:` header. What it
 * skipped is reported once per error, so the editor's log says why a request got no answer.
 */
import { Transform, type TransformCallback } from 'node:stream';

const HEADER = Buffer.from('Content-Length:');
const HEADER_LOWER = Buffer.from('content-length:');
/** The other header a client may send first. */
const CONTENT_TYPE = Buffer.from('Content-Type:');
const HEADER_END = Buffer.from('\r\n\r\n');
/** A header block longer than this is not a header block. */
const MAX_HEADER = 8192;

/** Whether `buf` starts with `prefix` (ASCII, case-insensitively), or with a part of it when `buf` is shorter. */
function startsLike(buf: Buffer, at: number, prefix: Buffer): boolean {
  const n = Math.min(prefix.length, buf.length - at);
  for (let i = 0; i < n; i++) if ((buf[at + i] | 0x20) !== (prefix[i] | 0x20)) return false;
  return true;
}

/** The offset of the next `Content-Length:` (any case) at or after `from`, or -1. */
function nextHeader(buf: Buffer, from: number): number {
  for (let i = buf.indexOf(0x43 /* C */, from), j = buf.indexOf(0x63 /* c */, from); i >= 0 || j >= 0; ) {
    const at = i < 0 ? j : j < 0 ? i : Math.min(i, j);
    if (at + HEADER.length <= buf.length && startsLike(buf, at, HEADER_LOWER)) return at;
    if (at === i) i = buf.indexOf(0x43, at + 1);
    else j = buf.indexOf(0x63, at + 1);
  }
  return -1;
}

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
}

/** Whether a body looks like one whole JSON object or array: `{…}` or `[…]`, white space aside. */
function looksWhole(body: Buffer): boolean {
  let s = 0;
  let e = body.length - 1;
  while (s <= e && isSpace(body[s])) s++;
  while (e >= s && isSpace(body[e])) e--;
  if (s > e) return false;
  return (body[s] === 0x7b && body[e] === 0x7d) || (body[s] === 0x5b && body[e] === 0x5d);
}

export class FrameGuard extends Transform {
  private buf: Buffer = Buffer.alloc(0);
  /** Chunks received while a body is still incomplete, joined only once it can be whole (no quadratic copying of a 12 MB message). */
  private waiting: Buffer[] = [];
  private waitingBytes = 0;
  /** How many buffered bytes the current message needs before it is worth looking again. */
  private needed = 0;

  /** `report` is told, once per framing error, how many bytes were skipped. */
  constructor(private readonly report: (skippedBytes: number, why: string) => void = () => undefined) {
    super();
  }

  override _transform(chunk: Buffer | string, _encoding: BufferEncoding, done: TransformCallback): void {
    const data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    this.waiting.push(data);
    this.waitingBytes += data.length;
    if (this.buf.length + this.waitingBytes >= this.needed) {
      this.buf = Buffer.concat([this.buf, ...this.waiting]);
      this.waiting = [];
      this.waitingBytes = 0;
      this.needed = 0;
      this.drain();
    }
    done();
  }

  /** Drops everything before `at` (or all but a possible partial header when there is no next header). */
  private resync(from: number, why: string): boolean {
    const at = nextHeader(this.buf, from);
    if (at < 0) {
      // Keep a tail that may be the start of a header still arriving.
      const keep = Math.min(this.buf.length, HEADER.length - 1);
      this.report(this.buf.length - keep, why);
      this.buf = this.buf.subarray(this.buf.length - keep);
      return false;
    }
    this.report(at, why);
    this.buf = this.buf.subarray(at);
    return true;
  }

  private drain(): void {
    for (;;) {
      const buf = this.buf;
      if (buf.length === 0) return;
      // A message starts with its headers; vscode-jsonrpc sends Content-Length first, others may send Content-Type.
      if (!startsLike(buf, 0, HEADER) && !startsLike(buf, 0, CONTENT_TYPE)) {
        if (!this.resync(1, 'bytes where a message header should start')) return;
        continue;
      }
      const end = buf.indexOf(HEADER_END);
      if (end < 0) {
        if (buf.length > MAX_HEADER && !this.resync(1, 'a header block without an end')) return;
        if (buf.length <= MAX_HEADER) return;
        continue;
      }
      let length = -1;
      for (const line of buf.subarray(0, end).toString('latin1').split('\r\n')) {
        const m = /^content-length:\s*(\d+)\s*$/i.exec(line);
        if (m) length = Number(m[1]);
      }
      if (length < 0) {
        if (!this.resync(1, 'a message header without Content-Length')) return;
        continue;
      }
      const bodyStart = end + HEADER_END.length;
      const total = bodyStart + length;
      if (buf.length < total) {
        this.needed = total;
        return;
      }
      const body = buf.subarray(bodyStart, total);
      const nextLooksRight = buf.length === total || startsLike(buf, total, HEADER) || startsLike(buf, total, CONTENT_TYPE);
      if (!looksWhole(body) || !nextLooksRight) {
        // The length was wrong: the next message starts somewhere in or after this body.
        if (!this.resync(bodyStart, `a message whose Content-Length (${length}) does not match its body`)) return;
        continue;
      }
      this.push(buf.subarray(0, total));
      this.buf = buf.subarray(total);
    }
  }
}
