/**
 * The language server's on-disk cache of derived forms (lsp/services/derivedFormsCache.ts): a term
 * derived once is read back in a later process without converting again; a damaged line, a file of
 * another derivation or a folder others can write is never trusted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clearRuntimeForms, converterState, releaseConverters, runtimeConceptForms, useDerivedFormsStore } from '../../server/src/core/lexicon/derive';
import { DiskDerivedFormsStore } from '../../server/src/lsp/services/derivedFormsCache';

const CLUSTERS = { traditional: ['產業集群', '產業叢集', '產業集羣', '產業群', '產業羣'], pinyin: 'chanyejiqun', initials: 'cyjq' };

test('derived forms are written to the cache folder and read back without deriving', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'pl-forms-')), 'cache');
  try {
    clearRuntimeForms();
    releaseConverters();
    const first = new DiskDerivedFormsStore(dir);
    useDerivedFormsStore(first);
    assert.deepEqual(runtimeConceptForms({ term: '产业集群', aliases: ['产业群'] }), CLUSTERS);
    assert.equal(converterState(), 'small', 'derived the first time');
    await first.flush();
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    assert.equal(statSync(join(dir, 'derived-forms.json')).mode & 0o777, 0o600);

    clearRuntimeForms();
    releaseConverters();
    useDerivedFormsStore(new DiskDerivedFormsStore(dir));
    assert.deepEqual(runtimeConceptForms({ term: '产业集群', aliases: ['产业群'] }), CLUSTERS);
    assert.equal(converterState(), 'none', 'read back, nothing converted');

    // A line whose forms were edited by hand no longer matches its checksum: dropped, derived again.
    const file = join(dir, 'derived-forms.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('產業叢集', '产业丛集'));
    const damaged = new DiskDerivedFormsStore(dir);
    assert.equal(damaged.dropped, 1);
    assert.equal(damaged.get(JSON.stringify(['产业集群', ['产业群'], []])), undefined);
    clearRuntimeForms();
    useDerivedFormsStore(damaged);
    assert.deepEqual(runtimeConceptForms({ term: '产业集群', aliases: ['产业群'] }), CLUSTERS);

    // Another derivation's file is ignored as a whole.
    await damaged.flush();
    writeFileSync(file, readFileSync(file, 'utf8').replace(/"derivation":"[^"]*"/, '"derivation":"other"'));
    assert.equal(new DiskDerivedFormsStore(dir).get(JSON.stringify(['产业集群', ['产业群'], []])), undefined);

    // A folder others may write to is not read from.
    await damaged.flush();
    chmodSync(dir, 0o777);
    assert.equal(new DiskDerivedFormsStore(dir).get(JSON.stringify(['产业集群', ['产业群'], []])), undefined);
  } finally {
    useDerivedFormsStore(undefined);
    clearRuntimeForms();
    releaseConverters();
  }
});
