import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FrameGuard } from '../../server/src/lsp/services/frameGuard';

const frame = (body: string, off = 0) => `Content-Length: ${Buffer.byteLength(body) + off}\r\n\r\n${body}`;

/** Feeds the chunks through a guard; returns what it passed on and what it reported. */
async function guard(chunks: string[]): Promise<{ out: string; reports: string[] }> {
  const reports: string[] = [];
  const g = new FrameGuard((n, why) => reports.push(`${n}: ${why}`));
  let out = '';
  g.on('data', (d: Buffer) => (out += d.toString('utf8')));
  for (const c of chunks) g.write(Buffer.from(c));
  g.end();
  await new Promise((r) => g.on('end', r));
  return { out, reports };
}

const A = '{"jsonrpc":"2.0","id":1,"method":"a"}';
const B = '{"jsonrpc":"2.0","id":2,"method":"b","params":{"text":"数据要素"}}';
const C = '{"jsonrpc":"2.0","id":3,"method":"c"}';

test('well-framed messages pass unchanged, however the bytes are chunked', async () => {
  const all = frame(A) + frame(B) + frame(C);
  assert.deepEqual(await guard([all]), { out: all, reports: [] });
  const bytes = Buffer.from(all);
  const oneByOne: string[] = [];
  for (let i = 0; i < bytes.length; i += 7) oneByOne.push(bytes.subarray(i, i + 7).toString('latin1'));
  const g = new FrameGuard();
  let out = Buffer.alloc(0);
  g.on('data', (d: Buffer) => (out = Buffer.concat([out, d])));
  for (let i = 0; i < bytes.length; i += 7) g.write(bytes.subarray(i, i + 7));
  g.end();
  await new Promise((r) => g.on('end', r));
  assert.equal(out.toString('utf8'), all);
});

test('a Content-Length 3 bytes too long costs that message only: the next ones are found again', async () => {
  const { out, reports } = await guard([frame(A, 3) + frame(B) + frame(C)]);
  assert.equal(out, frame(B) + frame(C));
  assert.equal(reports.length, 1);
  assert.match(reports[0], /does not match its body/);
});

test('a Content-Length 3 bytes too short, and a header without Content-Length, likewise', async () => {
  assert.equal((await guard([frame(A, -3) + frame(B) + frame(C)])).out, frame(B) + frame(C));
  assert.equal((await guard(['Content-Type: application/vscode-jsonrpc\r\n\r\n{}' + frame(B)])).out, frame(B));
  assert.equal((await guard(['garbage before any header' + frame(B)])).out, frame(B));
});

test('a message that is well framed but not JSON is dropped without losing the next one', async () => {
  const { out } = await guard([frame('not json') + frame(C)]);
  assert.equal(out, frame(C));
});
