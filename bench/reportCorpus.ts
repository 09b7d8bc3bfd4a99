/**
 * A corpus for `policy-lens report` at scale: N synthetic drafts (bench/corpus.ts's generator, about
 * 10 KB each, as the bench's workspace) with front matter giving each a region and a year, written to
 * bench/corpus/report-N/ (not committed). Then measure wall time and peak RSS of the report:
 *
 *   npx tsx bench/reportCorpus.ts 10000
 *   npm run build && /usr/bin/time -v node bin/policy-lens.js report bench/corpus/report-10000 -o /tmp/report-10k.html --force
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_DIR, generateDraft, SEED } from './corpus';

const REGIONS = ['北京市', '上海市', '广东省', '江苏省', '浙江省', '安徽省', '河南省', '四川省', '湖北省', '陕西省'];

const n = Number(process.argv[2] ?? 10_000);
const dir = join(CORPUS_DIR, `report-${n}`);
let written = 0;
for (let i = 0; i < n; i++) {
  const folder = join(dir, REGIONS[i % REGIONS.length], String(2020 + (i % 7)));
  const file = join(folder, `draft-${String(i).padStart(5, '0')}.md`);
  if (existsSync(file)) continue;
  mkdirSync(folder, { recursive: true });
  const body = generateDraft(SEED + 7919 * i, 6_000 + ((i * 2654435761) % 9_000), { frontMatter: false });
  writeFileSync(file, `---\ntitle: 草稿 ${i}\nregion: ${REGIONS[i % REGIONS.length]}\nyear: ${2020 + (i % 7)}\n---\n\n${body}`);
  written++;
}
console.log(`${dir}: ${n} files (${written} written now)`);
