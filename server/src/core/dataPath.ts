import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cached: string | undefined;

/**
 * The folder holding the shipped data (lexicon, source paper). Found by walking up from this module,
 * because the same code runs from `server/src/core` (tests, tsx) and from `dist/` (the bundle, the .vsix).
 */
export function dataDir(): string {
  if (cached) return cached;
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'server', 'data');
    if (existsSync(join(candidate, 'lexicon.yaml'))) return (cached = candidate);
    if (existsSync(join(dir, 'lexicon.yaml')) && existsSync(join(dir, 'source'))) return (cached = dir);
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`policy-lens: cannot find the data folder (server/data) above ${__dirname}`);
}
