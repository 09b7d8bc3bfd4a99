/**
 * The language client keeps one handler per notification method: a second `onNotification` for the
 * same method silently replaces the first (the Concepts view stopped following edits when the coverage
 * view registered its own handler). Each method is handled in one place in the client.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const CLIENT = join(__dirname, '..', '..', 'client', 'src');

test('every server notification is handled once in the client (a second onNotification would replace the first)', () => {
  const seen = new Map<string, string[]>();
  for (const f of readdirSync(CLIENT).filter((n) => n.endsWith('.ts'))) {
    const text = readFileSync(join(CLIENT, f), 'utf8');
    for (const m of text.matchAll(/\.onNotification\(\s*([\w.]+|'[^']+'|"[^"]+")/g)) {
      const key = m[1].replace(/\.type$/, '').replace(/['"]/g, '');
      seen.set(key, [...(seen.get(key) ?? []), f]);
    }
  }
  assert.ok(seen.size >= 2, `found the client's notification handlers: ${[...seen.keys()].join(', ')}`);
  const twice = [...seen].filter(([, files]) => files.length > 1);
  assert.deepEqual(twice, []);
});
