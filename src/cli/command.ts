/**
 * The shape of a CLI command, declared once: the parser, the help, the "did you mean" and the error messages
 * are all derived from it. Loaded on every run (credential-process included), so it imports nothing but
 * types: a command's run() loads what it needs when it runs.
 */
import type { MfaTrayCore } from '../core/mfa-tray-core';
import type { TerminalIo } from './terminal-io';

/** A mistake in the command line: printed with the command's usage, exit status 2. */
export class UsageError extends Error {}

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** One letter, for `-x`. */
  short?: string;
  /** May be given more than once (`--yes --yes`): the parsed value is a list. */
  multiple?: boolean;
  /** The placeholder in usage and help: `--code CODE`. Defaults to the option name in capitals. */
  value?: string;
  /** The only values a string option takes (the parser refuses others, with a "did you mean"). */
  choices?: readonly string[];
  /** Without it the command refuses to run ("missing --profile NAME"). */
  required?: boolean;
  /** One sentence (or a few) for the help. */
  description: string;
  /** Not shown in the synopsis (still in the option list): for rarely used options. */
  hideInUsage?: boolean;
}

export interface PositionalSpec {
  /** As shown to the user, in capitals: "NAME", "DEVICE". Errors say "missing NAME". */
  name: string;
  description: string;
  optional?: boolean;
}

export interface Example {
  command: string;
  /** What it does, when the command alone does not say it. */
  comment?: string;
}

/** What a command's run() gets: its arguments, read and checked against its declaration. */
export interface ParsedArgs {
  /** A positional by its declared name (undefined only for an optional one that was not given). */
  arg(name: string): string | undefined;
  string(option: string): string | undefined;
  flag(option: string): boolean;
  /** How many times a boolean option was given (`--yes --yes` → 2). */
  count(option: string): number;
}

/** The world a command runs in; tests pass their own terminal and core. */
export interface CliContext {
  io: TerminalIo;
  env: NodeJS.ProcessEnv;
  /** The core on the real keychain and files (loaded on first use: it brings the AWS SDK). */
  openCore(): Promise<MfaTrayCore>;
}

interface CommandBase {
  name: string;
  /** One line, for the command lists. */
  summary: string;
  /** Paragraphs for the command's own help (wrapped to the terminal). */
  description?: string;
  examples?: Example[];
  /** Kept out of the lists (still runs, still has help). */
  hidden?: boolean;
}

export interface LeafCommand extends CommandBase {
  kind: 'command';
  positionals?: PositionalSpec[];
  options?: Record<string, OptionSpec>;
  /** The synopsis after the command's name, when the generated one says it badly (alternatives, …). */
  usage?: string;
  run(args: ParsedArgs, ctx: CliContext): Promise<number>;
}

export interface CommandGroup extends CommandBase {
  kind: 'group';
  commands: readonly CliCommand[];
}

export type CliCommand = LeafCommand | CommandGroup;

/** Declares a command (an identity function: it gives the object literal its type). */
export function command(spec: Omit<LeafCommand, 'kind'>): LeafCommand {
  return { kind: 'command', ...spec };
}

export function group(spec: Omit<CommandGroup, 'kind'>): CommandGroup {
  return { kind: 'group', ...spec };
}
