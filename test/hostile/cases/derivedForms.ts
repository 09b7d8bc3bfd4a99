/**
 * The derived-forms cache (lsp/services/derivedFormsCache.ts) against a hostile cache folder: garbage,
 * forged entries, a symlink planted at the file's name, a folder that is itself a symlink. The store
 * never throws, never trusts what does not check out, and never writes through a link.
 */
import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostileCase } from '../types';
import { DiskDerivedFormsStore } from '../../../server/src/lsp/services/derivedFormsCache';
import { DERIVATION_KEY } from '../../../server/src/core/lexicon/derive';

const KEY = JSON.stringify(['产业集群', [], []]);
const FORMS = { traditional: ['產業集群'], pinyin: 'chanyejiqun', initials: 'cyjq' };
const fresh = () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'pl-hostile-forms-')), 'cache');
  mkdirSync(dir, { mode: 0o700 });
  return dir;
};

export const cases: HostileCase[] = [
  {
    name: 'derived-forms: garbage and forged lines in the cache file are dropped, never thrown on',
    run() {
      const dir = fresh();
      const header = JSON.stringify({ format: 'policy-lens-derived-forms', derivation: DERIVATION_KEY });
      const forged = JSON.stringify([KEY, { traditional: ['偽'], pinyin: 'x', initials: 'x' }]);
      const badShape = JSON.stringify([KEY, { traditional: 'not a list', pinyin: 1 }]);
      writeFileSync(join(dir, 'derived-forms.json'), [header, `${'0'.repeat(40)} ${forged}`, '\u0000\u0001garbage', `${'a'.repeat(40)} {`, badShape, ''].join('\n'));
      const store = new DiskDerivedFormsStore(dir);
      assert.equal(store.get(KEY), undefined);
      assert.equal(store.dropped, 4);
      writeFileSync(join(dir, 'derived-forms.json'), '\u0000'.repeat(1000));
      assert.equal(new DiskDerivedFormsStore(dir).get(KEY), undefined);
    },
  },
  {
    name: 'derived-forms: a symlink at the cache file is neither read nor written through',
    run() {
      const dir = fresh();
      const target = join(dir, '..', 'elsewhere.json');
      writeFileSync(target, 'keep me');
      symlinkSync(target, join(dir, 'derived-forms.json'));
      const store = new DiskDerivedFormsStore(dir);
      assert.equal(store.get(KEY), undefined);
      store.set(KEY, FORMS);
      void store.flush();
      assert.equal(readFileSync(target, 'utf8'), 'keep me');
      assert.equal(lstatSync(join(dir, 'derived-forms.json')).isSymbolicLink(), false, 'the rename replaced the link itself');
    },
  },
  {
    name: 'derived-forms: a cache folder that is a symlink is refused, and the store still works in memory',
    run() {
      const real = fresh();
      const link = join(real, '..', 'link');
      symlinkSync(real, link);
      const logs: string[] = [];
      const store = new DiskDerivedFormsStore(link, (m) => logs.push(m));
      store.set(KEY, FORMS);
      void store.flush();
      assert.deepEqual(store.get(KEY), FORMS);
      assert.match(logs.join('\n'), /symbolic link/);
      assert.throws(() => lstatSync(join(real, 'derived-forms.json')));
    },
  },
];
