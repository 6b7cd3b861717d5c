import type { OptionSpec, ParsedArgs } from '../command';

/**
 * The checked arguments back as a command line, for the commands whose work lives in a file with its own
 * parser (rotate, soracom, funnel): values inline (`--code=…`), so a value is never read as an option.
 */
export function argvOf(
  args: ParsedArgs,
  positionals: readonly string[],
  options: Record<string, OptionSpec>,
): string[] {
  const argv: string[] = [];
  for (const name of positionals) {
    const value = args.arg(name);
    if (value !== undefined) argv.push(value);
  }
  for (const [name, spec] of Object.entries(options)) {
    if (spec.type === 'boolean') {
      for (let i = 0; i < args.count(name); i++) argv.push(`--${name}`);
    } else {
      const value = args.string(name);
      if (value !== undefined) argv.push(`--${name}=${value}`);
    }
  }
  return argv;
}
