/**
 * Argument parsing shared by the CLI commands: options (`--name value` or `--name=value`), `--` ending
 * the options, `-` naming standard input, and the usage error every command reports the same way.
 */

/** Handles one option: true when it was taken, false when unknown, or the problem with its value. */
export type OptionHandler = (arg: string, value: () => string | undefined) => boolean | string;

/**
 * Walks `args`: each argument starting with `-` (but `-` itself) goes to `option`, which reads its
 * value with `value()` (after `=`, or the next argument); everything else, and all after `--`, is a FILE.
 */
export function parseArgs(args: readonly string[], option: OptionHandler): { files: string[] } | { error: string } {
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      files.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      files.push(a);
      continue;
    }
    const taken = option(a, () => (a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[++i]));
    if (typeof taken === 'string') return { error: taken };
    if (!taken) return { error: `unknown option "${a}"` };
  }
  return { files };
}

/** Whether `arg` is the option `name` (`--name` or `--name=…`) or one of its `aliases`. */
export function isOption(arg: string, name: string, ...aliases: string[]): boolean {
  return arg === name || arg.startsWith(`${name}=`) || aliases.includes(arg);
}

/** The value of `--format text|json`, or the problem with it. */
export function textOrJson(f: string | undefined): { format: 'text' | 'json' } | { error: string } {
  if (f === 'text' || f === 'json') return { format: f };
  return { error: f === undefined ? '--format needs a value' : `--format must be "text" or "json", not "${f}"` };
}

/** Reports a usage error with the command's usage text; returns exit status 2. */
export function usageError(io: { err(text: string): void }, problem: string, usageText: string): number {
  io.err(`policy-lens: ${problem}\nUsage: ${usageText}\n`);
  return 2;
}

/** `--max-file-size N` (a positive number of characters; `_` and `,` may group digits); `fail` reports a bad value. */
export function maxFileSize(v: string, fail: (problem: string) => never): number {
  const n = Number(v.replace(/[_,]/g, ''));
  if (!Number.isSafeInteger(n) || n < 1) fail(`--max-file-size must be a positive number of characters, not "${v}"`);
  return n;
}

/** `--exclude a,b，c、d`: the names, split at ASCII or Chinese commas and 、, blanks dropped. */
export function excludeNames(v: string): string[] {
  return v.split(/[,，、]/).map((n) => n.trim()).filter(Boolean);
}

/** The arguments of a command whose one option is `--format text|json` (check, check-lexicon). */
export function parseFormatArgs(args: readonly string[]): { files: string[]; format: 'text' | 'json' } | { error: string } {
  let format = 'text' as 'text' | 'json'; // set in the callback below
  const parsed = parseArgs(args, (a, value) => {
    if (!isOption(a, '--format')) return false;
    const f = textOrJson(value());
    if ('error' in f) return f.error;
    format = f.format;
    return true;
  });
  return 'error' in parsed ? parsed : { files: parsed.files, format };
}
