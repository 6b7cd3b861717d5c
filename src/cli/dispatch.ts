/**
 * Finds the command a command line names (walking down the groups), reads its arguments and runs it; answers
 * -h/--help, `help CMD [SUB]` and mistyped names on the way. Errors from the run itself are thrown to the
 * caller (main.ts words them); a UsageError leaves here carrying the usage of the command it is about.
 */
import { readArgs } from './args';
import { UsageError, type CliCommand, type CliContext, type CommandGroup } from './command';
import { didYouMean } from './did-you-mean';
import { renderHelp, renderUsage } from './help';

/** A usage error with the text to print after it: the usage of the command it concerns. */
export class CommandUsageError extends UsageError {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message);
  }
}

export interface DispatchOptions {
  /** Extra lines for the root's help (its global options, the environment). */
  rootHelp?: { options?: [string, string][]; footer?: string };
}

function columnsOf(ctx: CliContext): number {
  return ctx.io.columns ?? 80;
}

function childNamed(group: CommandGroup, name: string): CliCommand | undefined {
  return group.commands.find((c) => c.name === name);
}

function names(group: CommandGroup): string[] {
  return group.commands.filter((c) => !c.hidden).map((c) => c.name);
}

function unknownCommand(group: CommandGroup, path: readonly string[], word: string): UsageError {
  const kind = path.length === 1 ? 'command' : `${path.slice(1).join(' ')} command`;
  return new UsageError(`unknown ${kind} "${word}"${didYouMean(word, [...names(group), 'help'])}`);
}

/**
 * `mfa-tray help mfa create`: the command that `words` lead to from `group` (called as `path`), or a
 * usage error naming the bad word, with the usage of the last command that was found.
 */
export function resolvePath(
  group: CommandGroup,
  path: readonly string[],
  words: readonly string[],
  width = 80,
): { command: CliCommand; path: string[] } {
  let command: CliCommand = group;
  const at = [...path];
  for (const word of words) {
    if (command.kind !== 'group') {
      throw new CommandUsageError(
        `"${at.join(' ')}" has no subcommand "${word}"`,
        renderUsage(command, at, width),
      );
    }
    const child = childNamed(command, word);
    if (!child)
      throw new CommandUsageError(unknownCommand(command, at, word).message, renderUsage(command, at, width));
    command = child;
    at.push(word);
  }
  return { command, path: at };
}

/**
 * Runs `argv` against the tree under `root` (called `rootName` in messages). Returns the exit status;
 * throws what the command throws, and CommandUsageError for a bad command line.
 */
export async function dispatch(
  root: CommandGroup,
  rootName: string,
  argv: readonly string[],
  ctx: CliContext,
  options: DispatchOptions = {},
): Promise<number> {
  const width = columnsOf(ctx);
  const helpOf = (command: CliCommand, path: readonly string[]) =>
    renderHelp(command, path, width, path.length === 1 ? options.rootHelp : {});
  let command: CliCommand = root;
  const path = [rootName];
  let i = 0;
  try {
    while (command.kind === 'group') {
      const word = argv[i];
      if (word === undefined) {
        // A group alone: what it offers (as before: the help, on stdout, status 2).
        ctx.io.out(helpOf(command, path));
        return 2;
      }
      if (word === '-h' || word === '--help') {
        ctx.io.out(helpOf(command, path));
        return 0;
      }
      if (word === 'help' && !childNamed(command, 'help')) {
        const target = resolvePath(
          command,
          path,
          argv.slice(i + 1).filter((w) => !w.startsWith('-')),
          width,
        );
        ctx.io.out(helpOf(target.command, target.path));
        return 0;
      }
      if (word.startsWith('-')) {
        throw new UsageError(`missing COMMAND before "${word}" (one of: ${names(command).join(', ')})`);
      }
      const child = childNamed(command, word);
      if (!child) throw unknownCommand(command, path, word);
      command = child;
      path.push(word);
      i++;
    }
    const read = readArgs(command, argv.slice(i));
    if (read.help) {
      ctx.io.out(helpOf(command, path));
      return 0;
    }
    return await command.run(read.args, ctx);
  } catch (error) {
    if (error instanceof UsageError && !(error instanceof CommandUsageError)) {
      throw new CommandUsageError(error.message, renderUsage(command, path, width));
    }
    throw error;
  }
}
