/**
 * Bad input for the engine host (server/src/lsp/services/engineHost.ts), in process: lexicon inputs
 * that are not lexicons, a build that throws, a storm of change events. The host must never throw,
 * never turn the shipped lexicon off, and say what it could not read.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import type { HostileCase } from '../types';
import { EngineHost, type BuildEngine } from '../../../server/src/lsp/services/engineHost';
import { buildEngine } from '../../../server/src/core/lexicon/layers';
import { sharedEngine } from '../../../server/src/core/engine';
import { normalizeSettings } from '../../../server/src/lsp/settings';

function folder(files: Record<string, string | Buffer>): { path: string; uri: string } {
  const path = realpathSync(mkdtempSync(join(tmpdir(), 'policy-lens-hostile-host-')));
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(join(path, rel, '..'), { recursive: true });
    writeFileSync(join(path, rel), content);
  }
  return { path, uri: URI.file(path).toString() };
}

const LEXICON = 'version: 1\nconcepts:\n  - id: low-altitude-economy\n    term: 低空经济\n';

export const cases: HostileCase[] = [
  {
    name: 'engine host: a folder named x.yaml, a binary lexicon, a 9 MB lexicon and a missing path in policyLens.lexicons: reload resolves, the shipped concepts stay, the missing file is named',
    timeoutMs: 120_000,
    run: async () => {
      const ws = folder({ '.policy-lens/binary.yaml': Buffer.from([0, 1, 2, 0xff, 0xfe, 0]), '.policy-lens/huge.yaml': 'x'.repeat(9 * 1024 * 1024) });
      mkdirSync(join(ws.path, '.policy-lens', 'folder.yaml'));
      const host = new EngineHost({ build: buildEngine, settings: async () => normalizeSettings({ lexicons: ['nowhere/lexicon.yaml'] }) });
      host.setFolders([ws.uri]);
      await host.reload();
      const engine = host.engineFor(URI.file(join(ws.path, 'a.md')).toString());
      assert.ok(engine.lexicon.byId('data-elements'), 'the shipped concepts are in force');
      const details = host.summary().details.join('\n');
      assert.match(details, /nowhere\/lexicon\.yaml: not found\./);
      assert.match(details, /huge\.yaml: larger than 8388608 bytes, not read\./);
      return `${host.summary().problems} problem(s) reported as diagnostics`;
    },
  },
  {
    name: 'engine host: a build that throws keeps the folder’s last engine, and reload resolves',
    run: async () => {
      const ws = folder({ '.policy-lens/lexicon.yaml': LEXICON });
      let fail = false;
      const build: BuildEngine = (input, previous) => {
        if (fail) throw new Error('injected: the build throws');
        return buildEngine(input, previous);
      };
      const logs: string[] = [];
      const host = new EngineHost({ build, settings: async () => normalizeSettings({}), log: (m) => logs.push(m) });
      host.setFolders([ws.uri]);
      await host.reload();
      const draft = URI.file(join(ws.path, 'a.md')).toString();
      const before = host.engineFor(draft);
      assert.ok(before.lexicon.byId('low-altitude-economy'));
      fail = true;
      writeFileSync(join(ws.path, '.policy-lens', 'lexicon.yaml'), LEXICON + '  - id: other\n    term: 新业态\n');
      assert.equal(await host.reload(), undefined);
      assert.equal(host.engineFor(draft), before, 'the last engine stays');
      assert.match(logs.join('\n'), /injected: the build throws/);
    },
  },
  {
    name: 'engine host: 500 change events for a lexicon in one burst → one rebuild after the debounce',
    run: async () => {
      const ws = folder({ '.policy-lens/lexicon.yaml': LEXICON });
      let builds = 0;
      const host = new EngineHost({ build: (i, p) => (builds++, buildEngine(i, p)), settings: async () => normalizeSettings({}), debounceMs: 50 });
      host.setFolders([ws.uri]);
      await host.reload();
      assert.equal(builds, 1);
      writeFileSync(join(ws.path, '.policy-lens', 'lexicon.yaml'), LEXICON + '  - id: other\n    term: 新业态\n');
      const changed = new Promise<void>((resolve) => host.onDidChange(() => resolve()));
      const uri = URI.file(join(ws.path, '.policy-lens', 'lexicon.yaml')).toString();
      for (let i = 0; i < 500; i++) assert.equal(host.fileChanged(uri), true);
      await changed;
      assert.equal(builds, 2, `${builds} builds`);
      assert.notEqual(host.engineFor(uri), sharedEngine());
    },
  },
];
