/**
 * `npm run test:hostile`: bad input and fault injection against the CLI, the core and the server.
 * Prints `PASS name` or `FAIL name: why` per case and ends with `N passed, M failed`; exits 1 when any
 * case failed. `HOSTILE_FILTER=text` runs only the cases whose name contains the text.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { HostileCase } from './types';

async function withTimeout(c: HostileCase): Promise<void> {
  const ms = c.timeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      Promise.resolve().then(() => c.run()),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no result within ${ms} ms (a hang)`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

async function main(): Promise<number> {
  const dir = join(__dirname, 'cases');
  const filter = process.env.HOSTILE_FILTER ?? '';
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts')).sort();
  let passed = 0;
  let failed = 0;
  for (const f of files) {
    const mod = (await import(pathToFileURL(join(dir, f)).href)) as { cases?: HostileCase[] };
    for (const c of mod.cases ?? []) {
      if (filter && !c.name.includes(filter)) continue;
      const t0 = Date.now();
      try {
        await withTimeout(c);
        passed++;
        console.log(`PASS ${c.name} (${Date.now() - t0} ms)`);
      } catch (e) {
        failed++;
        const why = e instanceof Error ? e.message : String(e);
        console.log(`FAIL ${c.name}: ${why.split('\n').slice(0, 6).join('\n    ')}`);
      }
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(2);
  },
);
