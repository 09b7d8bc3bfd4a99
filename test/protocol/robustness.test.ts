/**
 * The server survives what editors and users throw at it: cancelled requests, documents it never
 * saw, malformed parameters, and clients that lack optional server→client requests.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResponseError, type Hover, type SemanticTokens } from 'vscode-languageserver-protocol';
import { r, withServer, type TestClient } from './client';

const TEXT = '# 数据要素\n\n推动颠覆性创新。\n'; // 颠覆性创新: a variant to report

const hoverAt = (c: TestClient, uri: string, line: number, character: number) =>
  c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });

/** The server still answers a well-formed request correctly. */
async function stillWorks(c: TestClient, uri: string): Promise<void> {
  const h = await hoverAt(c, uri, 0, 3);
  assert.equal(r(h!.range!), '0:2-0:6', 'the server still answers');
}

test('a request cancelled right after it was sent fails with RequestCancelled (-32800)', () =>
  withServer({ files: {} }, async (c) => {
    const uri = await c.open('draft.md', TEXT);
    for (const [method, params] of [
      ['textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 3 } }],
      ['textDocument/references', { textDocument: { uri }, position: { line: 0, character: 3 }, context: { includeDeclaration: true } }],
      ['textDocument/semanticTokens/full', { textDocument: { uri } }],
      ['workspace/symbol', { query: 'sjys' }],
    ] as const) {
      await assert.rejects(c.requestAndCancel(method, params), (e: unknown) => {
        assert.ok(e instanceof ResponseError, `${method}: ${String(e)}`);
        assert.equal(e.code, -32800, method);
        return true;
      });
    }
    await stillWorks(c, uri);
  }));

test('requests about a document the client never opened answer null (semantic tokens: none)', () =>
  withServer({ files: { 'on-disk.md': TEXT } }, async (c) => {
    await c.waitForIndexing();
    // Neither an unknown URI nor a workspace file that is only on disk has a live document.
    for (const uri of ['file:///nowhere/unknown.md', c.uri('on-disk.md'), 'untitled:Untitled-1']) {
      const position = { line: 0, character: 3 };
      const range = { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } };
      assert.equal(await c.request('textDocument/hover', { textDocument: { uri }, position }), null, uri);
      assert.equal(await c.request('textDocument/definition', { textDocument: { uri }, position }), null, uri);
      assert.equal(await c.request('textDocument/references', { textDocument: { uri }, position, context: { includeDeclaration: true } }), null, uri);
      assert.equal(await c.request('textDocument/documentHighlight', { textDocument: { uri }, position }), null, uri);
      assert.equal(await c.request('textDocument/documentSymbol', { textDocument: { uri } }), null, uri);
      assert.equal(await c.request('textDocument/codeLens', { textDocument: { uri } }), null, uri);
      assert.equal(await c.request('textDocument/completion', { textDocument: { uri }, position }), null, uri);
      assert.equal(await c.request('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [] } }), null, uri);
      assert.deepEqual((await c.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } })).data, [], uri);
      assert.deepEqual((await c.request<SemanticTokens>('textDocument/semanticTokens/range', { textDocument: { uri }, range })).data, [], uri);
    }
  }));

test('garbage parameters get an error answer, not a crash; notifications about unknown documents are ignored', () =>
  withServer({ files: {} }, async (c) => {
    const uri = await c.open('draft.md', TEXT);
    /** An error answer with one of the codes: InvalidParams (-32602) says best what is wrong; RequestFailed (-32803) is also honest. */
    const fails = async (method: string, params: unknown, codes: number[]) => {
      await assert.rejects(c.request(method, params), (e: unknown) => {
        assert.ok(e instanceof ResponseError, `${method} ${JSON.stringify(params)}: ${String(e)}`);
        assert.ok(codes.includes(e.code), `${method} ${JSON.stringify(params)}: code ${e.code} (${e.message}), expected one of ${codes.join(', ')}`);
        return true;
      });
    };
    await fails('textDocument/hover', {}, [-32602, -32803]);
    await fails('textDocument/hover', null, [-32602]); // from the JSON-RPC layer: params by position
    await fails('textDocument/documentSymbol', { textDocument: null }, [-32602, -32803]);
    await fails('textDocument/references', { textDocument: { uri }, position: 'here' }, [-32602, -32803]);
    await fails('policyLens/noSuchRequest', {}, [-32601]); // MethodNotFound
    await fails('textDocument/hover', { textDocument: { uri: 42 }, position: null }, [-32602, -32803]);
    assert.equal(await c.request('textDocument/hover', { textDocument: { uri }, position: { line: 99, character: 99 } }), null, 'past the end');
    // Negative numbers are not positions: null (nothing there) or InvalidParams are both right.
    try {
      assert.equal(await c.request('textDocument/hover', { textDocument: { uri }, position: { line: -1, character: -5 } }), null, 'before the start');
    } catch (e) {
      assert.ok(e instanceof ResponseError && e.code === -32602, String(e));
    }

    // Notifications about documents the server does not have, or malformed ones.
    await c.connection.sendNotification('textDocument/didChange', { textDocument: { uri: 'file:///never-opened.md', version: 2 }, contentChanges: [{ text: 'x' }] });
    await c.connection.sendNotification('textDocument/didClose', { textDocument: { uri: 'file:///never-opened.md' } });
    await c.connection.sendNotification('textDocument/didOpen', { textDocument: null });
    await c.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: 'file:///nowhere/gone.md', type: 3 }, { uri: 'not a uri', type: 1 }] });
    await stillWorks(c, uri);
    // withServer then checks that shutdown + exit ends the process with status 0.
  }));

test('a position that is not a pair of integers is not answered with some concept', () =>
  withServer({ files: {} }, async (c) => {
    const uri = await c.open('draft.md', TEXT);
    // Line 1 is empty; "x" and 1.5 are not positions. The honest answers are null or InvalidParams.
    for (const position of [{ line: 1, character: 'x' }, { line: 1.5, character: 0 }, { line: 1, character: null }]) {
      let answer: Hover | null | undefined;
      try {
        answer = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
      } catch (e) {
        assert.ok(e instanceof ResponseError && e.code === -32602, String(e));
        continue;
      }
      assert.equal(answer, null, `hover at ${JSON.stringify(position)} answered ${answer && r(answer.range!)}`);
    }
    await stillWorks(c, uri);
  }));

test('a client without window/showMessageRequest: the server survives a file over policyLens.maxFileSize', () =>
  withServer({ files: {}, settings: { maxFileSize: 10 }, unsupported: ['window/showMessageRequest'] }, async (c) => {
    const small = await c.open('small.md', '数据要素');
    const big = await c.open('big.md', TEXT);
    await c.waitForAnalysis(big);
    const h = await hoverAt(c, small, 0, 1);
    assert.equal(r(h!.range!), '0:0-0:4', 'the server still answers');
  }));

test('a client without workspace/semanticTokens/refresh (Neovim 0.7): the server survives didChangeConfiguration', () =>
  withServer({ files: {}, unsupported: ['workspace/semanticTokens/refresh', 'workspace/codeLens/refresh'] }, async (c) => {
    const uri = await c.open('draft.md', TEXT);
    await c.waitForDiagnostics(uri);
    const mark = c.mark();
    await c.changeConfiguration({ consistency: { level: 'warning' } });
    assert.deepEqual((await c.waitForDiagnostics(uri, mark)).map((d) => d.severity), [2]);
    await stillWorks(c, uri);
  }));
