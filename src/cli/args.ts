/**
 * Reads a command's arguments against its declaration. node:util's parseArgs only splits the words (in its
 * lenient mode, which never throws for user input); every check is ours, so every message is ours too —
 * no "ERR_PARSE_ARGS_…" ever reaches the user.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError, type LeafCommand, type OptionSpec, type ParsedArgs } from './command';
import { didYouMean } from './did-you-mean';

export const HELP_OPTION: OptionSpec = { type: 'boolean', short: 'h', description: 'Show this help.' };

type Value = string | boolean | (string | boolean)[];

export type ReadArgs = { help: true } | { help: false; args: ParsedArgs };

/** The options a command takes, with the -h/--help every command has. */
export function optionsOf(command: LeafCommand): Record<string, OptionSpec> {
  return { ...command.options, help: HELP_OPTION };
}

export function readArgs(command: LeafCommand, argv: readonly string[]): ReadArgs {
  const specs = optionsOf(command);
  const config: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, spec] of Object.entries(specs)) {
    config[name] = { type: spec.type, ...(spec.short ? { short: spec.short } : {}) };
  }
  let tokens;
  try {
    ({ tokens } = parseArgs({
      args: [...argv],
      options: config,
      strict: false,
      allowPositionals: true,
      tokens: true,
    }));
  } catch {
    // Lenient parsing throws only for a bad declaration, a bug of ours; still, say it in our words.
    throw new UsageError('could not read the arguments.');
  }
  // Help wins over everything else on the line: `mfa-tray login --cod 1 --help` helps, not scolds.
  if (tokens.some((t) => t.kind === 'option' && t.name === 'help')) return { help: true };

  const values = new Map<string, Value>();
  const positionals: string[] = [];
  const longNames = Object.keys(specs).map((n) => `--${n}`);
  for (const token of tokens) {
    if (token.kind === 'positional') {
      positionals.push(token.value);
      continue;
    }
    if (token.kind !== 'option') continue;
    const spec = Object.hasOwn(specs, token.name) ? specs[token.name] : undefined;
    if (!spec) {
      throw new UsageError(`unknown option "${token.rawName}"${didYouMean(token.rawName, longNames)}`);
    }
    const shown = `--${token.name}`;
    let value: string | boolean;
    if (spec.type === 'string') {
      if (token.value === undefined) throw new UsageError(`option "${shown}" needs a value`);
      // "--code --json": the value looks like the next option, so the value was probably forgotten.
      if (!token.inlineValue && token.value.length > 1 && token.value.startsWith('-')) {
        throw new UsageError(
          `option "${shown}" needs a value (to give one that starts with "-", write ${shown}=VALUE)`,
        );
      }
      if (spec.choices && !spec.choices.includes(token.value)) {
        throw new UsageError(
          `option "${shown}" is ${orList(spec.choices.map((c) => `"${c}"`))}, not "${token.value}"${didYouMean(token.value, spec.choices)}`,
        );
      }
      value = token.value;
    } else {
      if (token.value !== undefined) throw new UsageError(`option "${shown}" takes no value`);
      value = true;
    }
    if (spec.multiple) {
      const list = values.get(token.name);
      values.set(token.name, [...(Array.isArray(list) ? list : []), value]);
    } else {
      values.set(token.name, value);
    }
  }

  const declared = command.positionals ?? [];
  const missing = declared.slice(positionals.length).find((p) => !p.optional);
  if (missing) throw new UsageError(`missing ${missing.name}`);
  if (positionals.length > declared.length) {
    // Not quoted back: a stray argument may be a secret pasted in the wrong place.
    throw new UsageError(
      declared.length === 0
        ? `too many arguments: "${command.name}" takes none, only options`
        : `too many arguments: "${command.name}" takes ${declared.length === 1 ? 'one' : declared.length}` +
            ` (${declared.map((p) => (p.optional ? `[${p.name}]` : p.name)).join(' ')})`,
    );
  }
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.required && !values.has(name)) {
      throw new UsageError(`missing --${name} ${placeholder(name, spec)}`);
    }
  }

  const byName = new Map(declared.map((p, i) => [p.name, positionals[i]]));
  const one = (name: string): Value | undefined => {
    if (!Object.hasOwn(specs, name)) throw new Error(`${command.name} declares no option --${name}`);
    return values.get(name);
  };
  return {
    help: false,
    args: {
      arg(name) {
        if (!byName.has(name)) throw new Error(`${command.name} declares no argument ${name}`);
        return byName.get(name);
      },
      string(name) {
        const v = one(name);
        if (Array.isArray(v)) return v.filter((x) => typeof x === 'string').pop();
        return typeof v === 'string' ? v : undefined;
      },
      flag(name) {
        const v = one(name);
        return v === true || (Array.isArray(v) && v.length > 0);
      },
      count(name) {
        const v = one(name);
        return Array.isArray(v) ? v.length : v === undefined ? 0 : 1;
      },
    },
  };
}

/** "VALUE" in `--code VALUE`: the declared one, else the option's name in capitals. */
export function placeholder(name: string, spec: OptionSpec): string {
  if (spec.value) return spec.value;
  if (spec.choices) return spec.choices.join('|');
  return name.toUpperCase().replace(/-/g, '_');
}

export function orList(words: readonly string[]): string {
  return words.length <= 1
    ? (words[0] ?? '')
    : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}
