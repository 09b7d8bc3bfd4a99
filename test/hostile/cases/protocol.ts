/**
 * Malformed LSP traffic and a client that dies, against the real server over raw stdio. What
 * test/protocol/robustness.test.ts already covers (one cancelled request per method, wrong parameter
 * types on known requests, unknown documents, one unknown request) is not repeated here.
 */
import { spawn } from 'node:child_process';
import type { HostileCase } from '../types';
import { ALIVE_TEXT, RawServer, withRawServer, type JsonMessage } from '../support/rawServer';

const assert = (ok: unknown, why: string): void => {
  if (!ok) throw new Error(why);
};

/** How long the server may take to notice its client is gone and exit. */
const EXIT_WITHIN_MS = 5_000;

const hover = (uri: string, line: number, character: number) => ({ textDocument: { uri }, position: { line, character } });

/** A draft with a term on every line, so hovers at many positions have something to answer. */
const DRAFT = Array.from({ length: 60 }, (_, i) => `${i % 2 ? '## ' : ''}第${i}条：推进数据要素市场化配置，发展新质生产力。`).join('\n') + '\n';

export const cases: HostileCase[] = [
  {
    name: 'protocol: bodies that are not JSON-RPC (truncated, not JSON, NUL bytes, 1 MB of junk, bare values) are skipped; the next request is answered',
    async run() {
      await withRawServer(async (s) => {
        const uri = s.open('a.md', ALIVE_TEXT);
        for (const body of ['{', 'not json', '\0\0\0\0', '{"jsonrpc":"2.0","id":1,"method":', 'x'.repeat(1_000_000), '[]', '[1,2]', 'null', '42', '"str"', '{}', '{"jsonrpc":"2.0"}', '\uFEFF{"jsonrpc":"2.0","method":"x"}']) s.frame(body);
        await s.stillAnswers(uri);
        assert(!s.exit, `the server exited: ${JSON.stringify(s.exit)}`);
      });
    },
  },
  {
    name: 'protocol: wrong JSON-RPC shapes (jsonrpc 1.0, an object id, a numeric method, string params, a batch array, a stray response) do not crash',
    async run() {
      await withRawServer(async (s) => {
        const uri = s.open('a.md', ALIVE_TEXT);
        s.send({ jsonrpc: '1.0', id: 5, method: 'textDocument/hover', params: hover(uri, 0, 3) });
        s.send({ jsonrpc: '2.0', id: {}, method: 'textDocument/hover', params: hover(uri, 0, 3) });
        s.send({ jsonrpc: '2.0', id: 6, method: 42 });
        s.send({ jsonrpc: '2.0', id: 7, method: 'textDocument/hover', params: 'here' });
        s.send({ jsonrpc: '2.0', id: 8, method: 'textDocument/hover', params: [uri, 0, 3] });
        s.send({ jsonrpc: '2.0', id: 999, result: { answer: 'to nothing' } });
        s.send({ jsonrpc: '2.0', id: 998, error: { code: -1, message: 'stray error' } });
        s.send([{ jsonrpc: '2.0', id: 9, method: 'shutdown' }, { jsonrpc: '2.0', method: 'exit' }]);
        s.notify('textDocument/didChange', 'not an object');
        s.notify('textDocument/didOpen', { textDocument: { uri: 42, text: null, version: 'one' } });
        await s.stillAnswers(uri);
        // The batch must not have been taken as shutdown + exit.
        assert(!s.exit, `the server exited: ${JSON.stringify(s.exit)}`);
      });
    },
  },
  {
    name: 'protocol: unknown methods: 1,000 unknown notifications are ignored, unknown requests ($/ and others) get MethodNotFound',
    async run() {
      await withRawServer(async (s) => {
        const uri = s.open('a.md', ALIVE_TEXT);
        for (let i = 0; i < 500; i++) {
          s.notify(`$/unknown${i}`, { i });
          s.notify(`policyLens/unknown${i}`, [i]);
        }
        const ids = ['$/unknownRequest', 'unknown', 'textDocument/unknown', 'workspace/executeCommand/x'].map((m) => [m, s.request(m, {})] as const);
        for (const [method, id] of ids) {
          const r = await s.response(id);
          assert(r?.error?.code === -32601, `${method}: ${JSON.stringify(r)}`);
        }
        await s.stillAnswers(uri);
      });
    },
  },
  {
    name: 'protocol: requests before initialize do not crash the server, and initialize still works after them',
    async run() {
      await withRawServer(async (s) => {
        for (const [method, params] of [
          ['textDocument/hover', hover('file:///x.md', 0, 0)],
          ['textDocument/documentSymbol', { textDocument: { uri: 'file:///x.md' } }],
          ['workspace/symbol', { query: 'sjys' }],
          ['shutdown', null],
        ] as const) {
          const r = await s.call(method, params);
          // LSP asks for ServerNotInitialized (-32002); an empty answer is harmless too.
          assert(r.error?.code === -32002 || r.result === null || Array.isArray(r.result), `${method} before initialize: ${JSON.stringify(r).slice(0, 200)}`);
        }
        s.notify('textDocument/didOpen', { textDocument: { uri: 'file:///early.md', languageId: 'markdown', version: 1, text: ALIVE_TEXT } });
        await s.initialize();
        await s.stillAnswers(s.open('a.md', ALIVE_TEXT));
      }, false);
    },
  },
  {
    name: 'protocol: huge params (a 16 MB string, a 100,000-element array, 20,000 content changes, a 12 MB document over maxFileSize) are handled within 5 s each',
    timeoutMs: 90_000,
    async run() {
      await withRawServer(async (s) => {
        const uri = s.open('a.md', ALIVE_TEXT);
        const t0 = Date.now();
        const big = await s.call('textDocument/hover', { ...hover(uri, 0, 3), junk: 'x'.repeat(16_000_000) }, 10_000);
        assert(Date.now() - t0 < 5_000 + 3_000, `a hover with 16 MB of extra params took ${Date.now() - t0} ms`);
        assert(big.result || big.error, 'no answer');
        const r = await s.call('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, context: { diagnostics: Array.from({ length: 100_000 }, () => ({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'x' })) } });
        assert(r.result !== undefined || r.error, 'no answer to a code action with 100,000 diagnostics');
        s.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: Array.from({ length: 20_000 }, () => ({ range: { start: { line: 9, character: 0 }, end: { line: 9, character: 0 } }, text: '' })) });
        await s.stillAnswers(uri);
        const huge = s.open('huge.md', '数据要素。'.repeat(2_400_000));
        const h = await s.call('textDocument/hover', hover(huge, 0, 1), 10_000);
        assert(h.result === null || h.error, `a hover on a 12 MB document (over policyLens.maxFileSize) answered ${JSON.stringify(h).slice(0, 200)}`);
        await s.stillAnswers(uri);
      });
    },
  },
  {
    name: 'protocol: a storm of cancellations (2,000 for unknown ids, one for each of 500 requests in flight) leaves every request answered',
    timeoutMs: 60_000,
    async run() {
      await withRawServer(async (s) => {
        const uri = s.open('draft.md', DRAFT);
        for (let i = 0; i < 2_000; i++) s.notify('$/cancelRequest', { id: 100_000 + i });
        s.notify('$/cancelRequest', { id: null });
        s.notify('$/cancelRequest', { id: { nested: true } });
        s.notify('$/cancelRequest', 'everything');
        const ids: (number | string)[] = [];
        for (let i = 0; i < 500; i++) {
          const id = s.request(i % 3 ? 'textDocument/hover' : 'textDocument/semanticTokens/full', i % 3 ? hover(uri, i % 60, 5) : { textDocument: { uri } });
          ids.push(id);
          s.notify('$/cancelRequest', { id });
        }
        const missing: (number | string)[] = [];
        for (const id of ids) {
          const r = await s.response(id, 15_000);
          if (!r) missing.push(id);
          else if (r.error && r.error.code !== -32800) throw new Error(`request ${id}: ${JSON.stringify(r.error)}`);
        }
        assert(missing.length === 0, `${missing.length} of 500 cancelled requests never answered`);
        await s.stillAnswers(s.open('a.md', ALIVE_TEXT));
      });
    },
  },
  {
    name: 'protocol: 200 concurrent requests on one document all answer, with the answers they get one at a time',
    timeoutMs: 60_000,
    async run() {
      return withRawServer(async (s) => {
        const uri = s.open('draft.md', DRAFT);
        const methods: [string, unknown][] = [];
        for (let i = 0; i < 200; i++) {
          const k = i % 5;
          if (k < 2) methods.push(['textDocument/hover', hover(uri, i % 60, 4 + (i % 12))]);
          else if (k === 2) methods.push(['textDocument/documentHighlight', hover(uri, i % 60, 8)]);
          else if (k === 3) methods.push(['textDocument/semanticTokens/range', { textDocument: { uri }, range: { start: { line: i % 60, character: 0 }, end: { line: (i % 60) + 3, character: 0 } } }]);
          else methods.push(['textDocument/documentSymbol', { textDocument: { uri } }]);
        }
        // One at a time first (the reference answers), then all 200 in one write.
        const alone: JsonMessage[] = [];
        for (const [m, p] of methods) alone.push(await s.call(m, p));
        const ids = methods.map(([m, p]) => s.request(m, p));
        const t0 = Date.now();
        for (let i = 0; i < ids.length; i++) {
          const r = await s.response(ids[i], 20_000);
          assert(r, `request ${i} (${methods[i][0]}) of 200 never answered`);
          assert(JSON.stringify(r!.result ?? r!.error) === JSON.stringify(alone[i].result ?? alone[i].error), `request ${i} (${methods[i][0]}) answered differently when concurrent:\n${JSON.stringify(r).slice(0, 200)}\nalone: ${JSON.stringify(alone[i]).slice(0, 200)}`);
        }
        return `all 200 answered in ${Date.now() - t0} ms`;
      });
    },
  },
  {
    name: 'protocol: the client closes stdin in the middle of a request: the server exits within 5 s',
    async run() {
      await withRawServer(async (s) => {
        const uri = s.open('draft.md', DRAFT.repeat(50));
        s.request('textDocument/semanticTokens/full', { textDocument: { uri } });
        s.process.stdin.end();
        const exit = await s.exited(EXIT_WITHIN_MS);
        assert(exit, `still running ${EXIT_WITHIN_MS} ms after stdin closed (cpu ${s.cpuMs()} ms)`);
      });
    },
  },
  {
    name: 'protocol: the client dies with both pipes destroyed mid-request: the server exits within 5 s without spinning',
    async run() {
      await withRawServer(async (s) => {
        const uri = s.open('draft.md', DRAFT.repeat(50));
        for (let i = 0; i < 20; i++) s.request('textDocument/semanticTokens/full', { textDocument: { uri } });
        const cpuBefore = s.cpuMs() ?? 0;
        s.process.stdout.destroy();
        s.process.stdin.destroy();
        const exit = await s.exited(EXIT_WITHIN_MS);
        assert(exit, `still running ${EXIT_WITHIN_MS} ms after its pipes were destroyed; cpu used meanwhile ${(s.cpuMs() ?? 0) - cpuBefore} ms`);
      });
    },
  },
  {
    name: 'protocol: the editor process dies without a word (initialize named its processId): the server exits within 10 s',
    timeoutMs: 30_000,
    async run() {
      const editor = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 600000)'], { stdio: 'ignore' });
      const s = new RawServer();
      try {
        await s.initialize(editor.pid!);
        await s.stillAnswers(s.open('a.md', ALIVE_TEXT));
        editor.kill('SIGKILL');
        const exit = await s.exited(10_000);
        assert(exit, 'still running 10 s after the editor process named in initialize died');
      } finally {
        editor.kill('SIGKILL');
        await s.dispose();
      }
    },
  },
  {
    name: 'protocol: exit without shutdown ends the process with status 1 within 5 s; shutdown then exit with status 0',
    async run() {
      await withRawServer(async (s) => {
        s.open('a.md', ALIVE_TEXT);
        s.notify('exit');
        const exit = await s.exited(EXIT_WITHIN_MS);
        assert(exit?.code === 1, `exit without shutdown: ${JSON.stringify(exit)} (LSP asks for status 1)`);
      });
      await withRawServer(async (s) => {
        const uri = s.open('a.md', ALIVE_TEXT);
        const r = await s.call('shutdown', null);
        assert(r.result === null && !r.error, `shutdown answered ${JSON.stringify(r)}`);
        // Requests after shutdown: an error (InvalidRequest) or an answer, but no crash.
        await s.call('textDocument/hover', hover(uri, 0, 3));
        s.notify('exit');
        const exit = await s.exited(EXIT_WITHIN_MS);
        assert(exit?.code === 0, `shutdown + exit: ${JSON.stringify(exit)}`);
      });
    },
  },
  {
    // An editor whose framing goes wrong (a Content-Length off by a few bytes, a header without it)
    // must not be left with a server that is alive but answers nothing: it either finds the next
    // message again or exits, so the editor notices and restarts it.
    name: 'protocol: after a framing error (Content-Length off by a few bytes, no Content-Length) the server answers again or exits within 5 s, never alive but deaf',
    timeoutMs: 60_000,
    async run() {
      const framings: [string, (s: RawServer) => void][] = [
        ['Content-Length 3 bytes too long', (s) => {
          const body = JSON.stringify({ jsonrpc: '2.0', method: 'x/y', params: {} });
          s.write(`Content-Length: ${Buffer.byteLength(body) + 3}\r\n\r\n${body}`);
        }],
        ['Content-Length 3 bytes too short', (s) => {
          const body = JSON.stringify({ jsonrpc: '2.0', method: 'x/y', params: { pad: 'abcdef' } });
          s.write(`Content-Length: ${Buffer.byteLength(body) - 3}\r\n\r\n${body}`);
        }],
        ['a header without Content-Length', (s) => s.write('Content-Type: application/vscode-jsonrpc\r\n\r\n{}')],
      ];
      const deaf: string[] = [];
      for (const [what, garble] of framings) {
        await withRawServer(async (s) => {
          const uri = s.open('a.md', ALIVE_TEXT);
          garble(s);
          // A few well-formed requests after the bad one: any answer, or an exit, is fine.
          const ids = [0, 1, 2].map(() => s.request('textDocument/hover', hover(uri, 0, 3)));
          const outcome = await s.waitFor(EXIT_WITHIN_MS, () => (s.exit ? 'exit' : ids.some((id) => s.received.some((m) => m.id === id)) ? 'answer' : undefined));
          if (!outcome) deaf.push(what);
        });
      }
      assert(deaf.length === 0, `alive but deaf after: ${deaf.join('; ')}`);
    },
  },
];
