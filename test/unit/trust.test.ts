/**
 * Trust: what the extension declares for Restricted Mode and virtual workspaces, and a check that the
 * shipped bundles never turn text into code (workspace content is data, never executed or loaded).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const DIST = join(ROOT, 'dist');

interface Capabilities {
  untrustedWorkspaces?: { supported: boolean | 'limited'; restrictedConfigurations?: string[]; description?: string };
  virtualWorkspaces?: { supported: boolean | 'limited'; description?: string };
}
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  capabilities?: Capabilities;
  contributes: { configuration: { properties: Record<string, { type?: string | string[]; items?: { type?: string } }> } };
};

test('Restricted Mode: supported, and limited as soon as a setting names a path', () => {
  const untrusted = pkg.capabilities?.untrustedWorkspaces;
  assert.ok(untrusted, 'package.json declares no capabilities.untrustedWorkspaces');
  // A workspace's .vscode/settings.json is written by whoever wrote the repository: a setting that names a
  // file or folder (a lexicon, a cache, a source) must not be taken from it before the user trusts it.
  // Today no setting names a path, so the extension is fully supported; the check catches the first one.
  const isText = (s: { type?: string | string[]; items?: { type?: string } }) =>
    [s.type].flat().includes('string') || ([s.type].flat().includes('array') && s.items?.type === 'string');
  const pathSettings = Object.entries(pkg.contributes.configuration.properties)
    .filter(([name, schema]) => /path|file|folder|dir|lexicon|source|cache/i.test(name) && isText(schema))
    .map(([name]) => name);
  if (pathSettings.length === 0) {
    assert.ok(untrusted.supported === true || untrusted.supported === 'limited');
  } else {
    assert.equal(untrusted.supported, 'limited', `${pathSettings.join(', ')} name paths: declare untrustedWorkspaces "limited"`);
    assert.deepEqual(pathSettings.filter((s) => !untrusted.restrictedConfigurations?.includes(s)), [], 'settings that name paths must be restrictedConfigurations');
    assert.ok(untrusted.description, 'a limited declaration says why');
  }
});

test('virtual workspaces: not supported, with the reason (the server reads files from disk)', () => {
  const virtual = pkg.capabilities?.virtualWorkspaces;
  assert.ok(virtual, 'package.json declares no capabilities.virtualWorkspaces');
  assert.equal(virtual.supported, false);
  const nls = JSON.parse(readFileSync(join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
  assert.match(nls[virtual.description!.replace(/%/g, '')] ?? '', /from disk/);
});

/**
 * Every place a bundle can turn a string into code, each one explained. Anything else that matches the
 * patterns fails the test: read it, and either remove it or add it here with the reason it is safe.
 */
const ALLOWED: { bundles: RegExp; code: RegExp; why: string }[] = [
  {
    bundles: /^(cli|server|indexWorker|reportWorker)\.js$/,
    code: /const makeValidate = new Function\(`\$\{names_1\.default\.self\}`, `\$\{names_1\.default\.scope\}`, sourceCode\)/,
    why: 'ajv compiles a JSON schema into a validator function. The only schema is the shipped server/data/lexicon.schema.json; the lexicon it validates stays data.',
  },
  {
    bundles: /^docx\.js$/,
    code: /render = new Function\(argument, "_", source\);/,
    why: "underscore's _.template, pulled in by mammoth. mammoth never calls _.template (no template of ours or a document's is compiled).",
  },
  {
    bundles: /^docx\.js$/,
    code: /callback = new Function\("" \+ callback\);/,
    why: 'the setImmediate polyfill bundled with jszip: it turns a string callback into a function, and is never installed on Node, which has setImmediate.',
  },
  {
    bundles: /^docx\.js$/,
    code: /Function\("return this"\)\(\)/,
    why: "underscore's lookup of the global object: a constant string.",
  },
];

/** eval, the Function constructor, vm compilation, and require/import of anything but a string literal. */
const DANGEROUS = /\beval\s*\(|\bFunction\s*\(|\brunIn(?:This|New)?Context\b|\bnew\s+(?:vm\.)?Script\s*\(|\brequire\s*\(\s*(?!["'`]|\))|\bimport\s*\(\s*(?!["'`])/g;

test('the bundles never eval, build functions from strings or load a module from a computed path, except the allowed library uses', () => {
  assert.ok(existsSync(join(DIST, 'cli.js')), 'run "npm run build" first');
  const bundles = readdirSync(DIST).filter((f) => f.endsWith('.js'));
  assert.ok(bundles.includes('server.js') && bundles.includes('cli.js') && bundles.includes('extension.js'), bundles.join(', '));
  const unexplained: string[] = [];
  const used = new Set<number>();
  for (const bundle of bundles) {
    const lines = readFileSync(join(DIST, bundle), 'utf8').split('\n');
    lines.forEach((line, i) => {
      for (const m of line.matchAll(DANGEROUS)) {
        const allowed = ALLOWED.findIndex((a) => a.bundles.test(bundle) && a.code.test(line));
        if (allowed >= 0) used.add(allowed);
        else unexplained.push(`dist/${bundle}:${i + 1}: ${line.slice(Math.max(0, m.index! - 60), m.index! + 80).trim()}`);
      }
    });
  }
  assert.deepEqual(unexplained, [], 'code from strings in a bundle; remove it or explain it in ALLOWED');
  // An allowance nothing needs any more is removed, so the list stays the truth.
  assert.deepEqual(ALLOWED.filter((_, i) => !used.has(i)).map((a) => a.why), []);
});
