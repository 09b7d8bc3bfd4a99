/**
 * Every user-visible string has its 简体中文 translation: contributed strings (package.nls*.json) and
 * run-time strings (l10n.t in the client and the server, l10n/bundle.l10n.zh-cn.json).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    const rel = join(dir, name);
    if (statSync(join(ROOT, rel)).isDirectory()) out.push(...sources(rel));
    else if (rel.endsWith('.ts')) out.push(rel);
  }
  return out;
}

/** The first argument of every l10n.t(…) call written as a string literal. */
function runtimeKeys(): Map<string, string> {
  const keys = new Map<string, string>();
  for (const file of [...sources('client/src'), ...sources('server/src')]) {
    for (const m of read(file).matchAll(/l10n\.t\(\s*(['"`])((?:\\.|(?!\1).)*)\1/gs)) {
      keys.set(m[2].replace(/\\(['"`\\])/g, '$1'), file);
    }
  }
  return keys;
}

test('every run-time string has a Chinese translation with the same placeholders', () => {
  const bundle = JSON.parse(read('l10n/bundle.l10n.zh-cn.json')) as Record<string, string>;
  const keys = runtimeKeys();
  assert.ok(keys.size >= 10, `found only ${keys.size} l10n.t calls`);
  const placeholders = (s: string) => [...s.matchAll(/\{\d+\}/g)].map((m) => m[0]).sort();
  for (const [key, file] of keys) {
    assert.ok(Object.hasOwn(bundle, key), `${file}: "${key}" has no translation in l10n/bundle.l10n.zh-cn.json`);
    assert.deepEqual(placeholders(bundle[key]), placeholders(key), `placeholders differ for "${key}"`);
    // A single-word name (JSON) may stay as it is; everything else must be in Chinese.
    if (!(bundle[key] === key && /^\w+$/.test(key))) assert.match(bundle[key], /\p{Script=Han}/u, `"${key}" is not translated`);
  }
});

test('every contributed string is in package.nls.json and package.nls.zh-cn.json', () => {
  const manifest = read('package.json');
  const used = new Set([...manifest.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]));
  const en = JSON.parse(read('package.nls.json')) as Record<string, string>;
  const zh = JSON.parse(read('package.nls.zh-cn.json')) as Record<string, string>;
  assert.ok(used.size >= 10);
  for (const key of used) {
    assert.ok(Object.hasOwn(en, key), `package.nls.json lacks ${key}`);
    assert.ok(Object.hasOwn(zh, key), `package.nls.zh-cn.json lacks ${key}`);
  }
  assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort(), 'the two nls files have different keys');
});
