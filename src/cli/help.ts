/**
 * Help and usage text, generated from the command declarations and wrapped to the terminal's width.
 */
import { optionsOf, placeholder } from './args';
import type { CliCommand, CommandGroup, LeafCommand, OptionSpec } from './command';

/** Narrower than this, wrapping helps nobody: lines are left a little long instead. */
const MIN_WIDTH = 40;
/** The left column of the argument and option lists grows up to this, then descriptions go below. */
const MAX_LABEL_WIDTH = 30;

/**
 * Wraps `text` to `width` columns: each paragraph (split at newlines) is filled word by word; the first line
 * starts with `first`, the others with `indent`. A word longer than a line (an ARN) gets a line of its own.
 */
export function wrap(text: string, width: number, indent = '', first = indent): string {
  const max = Math.max(width, MIN_WIDTH);
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = out.length === 0 ? first : indent;
    let empty = true;
    for (const word of paragraph.split(' ').filter((w) => w !== '')) {
      if (!empty && line.length + 1 + word.length > max) {
        out.push(line);
        line = indent + word;
      } else {
        line += (empty ? '' : ' ') + word;
      }
      empty = false;
    }
    out.push(line.trimEnd());
  }
  return out.join('\n');
}

/** `mfa-tray mfa create DEVICE_NAME --profile NAME [--qr FILE] [--show-secret]`, not wrapped. */
export function synopsis(command: CliCommand, path: readonly string[]): string {
  const words = [...path];
  if (command.kind === 'group') {
    const names = visible(command.commands).map((c) => c.name);
    words.push(names.length <= 5 ? names.join('|') : 'COMMAND');
    return words.join(' ');
  }
  if (command.usage !== undefined) return `${words.join(' ')} ${command.usage}`.trimEnd();
  for (const p of command.positionals ?? []) words.push(p.optional ? `[${p.name}]` : p.name);
  const options = Object.entries(command.options ?? {}).filter(([, spec]) => !spec.hideInUsage);
  for (const [name, spec] of options) {
    const word = spec.type === 'string' ? `--${name} ${placeholder(name, spec)}` : `--${name}`;
    words.push(spec.required ? word : `[${word}]`);
  }
  return words.join(' ');
}

/** The synopsis wrapped under itself: continuation lines start below the first argument. */
function wrappedSynopsis(command: CliCommand, path: readonly string[], width: number, lead: string): string {
  const text = synopsis(command, path);
  // Break only between arguments, never inside "[--qr FILE]".
  const parts = text.slice(path.join(' ').length).match(/\[[^\]]*\]|\S+/g) ?? [];
  const max = Math.max(width, MIN_WIDTH);
  // Continuation lines start under the first argument, unless that leaves too little room.
  const under = lead.length + path.join(' ').length + 1;
  const hang = ' '.repeat(max - under >= 30 ? under : 4);
  const lines: string[] = [];
  let line = lead + path.join(' ');
  for (const part of parts) {
    if (line.length + 1 + part.length > max && line.trim() !== '') {
      lines.push(line);
      line = hang + part;
    } else {
      line += ' ' + part;
    }
  }
  lines.push(line);
  return lines.join('\n');
}

function visible(commands: readonly CliCommand[]): CliCommand[] {
  return commands.filter((c) => !c.hidden);
}

/** Two columns: labels on the left, descriptions wrapped on the right (or below, for a long label). */
function table(rows: [string, string][], width: number): string {
  const limit = Math.min(MAX_LABEL_WIDTH, Math.floor(Math.max(width, MIN_WIDTH) * 0.4));
  const labelWidth = Math.min(Math.max(...rows.map(([label]) => label.length)) + 4, limit);
  const pad = ' '.repeat(labelWidth);
  return rows
    .map(([label, text]) => {
      const head = `  ${label}`;
      if (head.length + 2 > labelWidth) return `${head}\n${wrap(text, width, pad)}`;
      return wrap(text, width, pad, head.padEnd(labelWidth));
    })
    .join('\n');
}

function optionLabel(name: string, spec: OptionSpec): string {
  const long = spec.type === 'string' ? `--${name} ${placeholder(name, spec)}` : `--${name}`;
  return spec.short ? `-${spec.short}, ${long}` : long;
}

/**
 * A shell command broken to the width with " \\" continuations, so a wrapped example still pastes and runs.
 * Words are never split.
 */
export function wrapCommand(text: string, width: number, first = '  $ ', indent = '      '): string {
  const max = Math.max(width, MIN_WIDTH) - 2;
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(' ').filter((w) => w !== '')) {
    if (!empty && line.length + 1 + word.length > max) {
      lines.push(`${line} \\`);
      line = indent + word;
    } else {
      line += (empty ? '' : ' ') + word;
    }
    empty = false;
  }
  lines.push(line);
  return lines.join('\n');
}

function examples(command: CliCommand, width: number): string[] {
  if (!command.examples?.length) return [];
  const lines = ['', 'Examples:'];
  for (const e of command.examples) {
    if (e.comment) lines.push(wrap(e.comment, width, '  # '));
    lines.push(wrapCommand(e.command, width));
  }
  return lines;
}

function leafHelp(command: LeafCommand, path: readonly string[], width: number): string {
  const lines = [wrappedSynopsis(command, path, width, 'Usage: '), '', wrap(command.summary, width)];
  if (command.description) lines.push('', wrap(command.description, width));
  const positionals = command.positionals ?? [];
  if (positionals.length > 0) {
    lines.push('', 'Arguments:');
    lines.push(
      table(
        positionals.map((p) => [p.name, p.optional ? `${p.description} (optional)` : p.description]),
        width,
      ),
    );
  }
  lines.push('', 'Options:');
  lines.push(
    table(
      Object.entries(optionsOf(command)).map(([name, spec]) => [
        optionLabel(name, spec),
        spec.required ? `${spec.description} (required)` : spec.description,
      ]),
      width,
    ),
  );
  lines.push(...examples(command, width));
  return lines.join('\n') + '\n';
}

function groupHelp(
  command: CommandGroup,
  path: readonly string[],
  width: number,
  extra: { options?: [string, string][]; footer?: string },
): string {
  const lines = [wrap(command.summary, width)];
  if (command.description) lines.push('', wrap(command.description, width));
  lines.push('', 'Commands:');
  for (const child of visible(command.commands)) {
    lines.push(wrappedSynopsis(child, [...path, child.name], width, '  '));
    lines.push(wrap(child.summary, width, '      '));
  }
  lines.push('', 'Options:');
  lines.push(table([['-h, --help', 'Show this help.'], ...(extra.options ?? [])], width));
  lines.push(...examples(command, width));
  lines.push(
    '',
    wrap(
      `Run \`${path.join(' ')} COMMAND --help\` (or \`${[path[0], 'help', ...path.slice(1)].join(' ')} COMMAND\`) for a command's options and examples.`,
      width,
    ),
  );
  if (extra.footer) lines.push('', wrap(extra.footer, width));
  return lines.join('\n') + '\n';
}

/** The full help of a command or group; `path` is how it is called ("mfa-tray", "mfa", "create"). */
export function renderHelp(
  command: CliCommand,
  path: readonly string[],
  width: number,
  extra: { options?: [string, string][]; footer?: string } = {},
): string {
  return command.kind === 'group' ? groupHelp(command, path, width, extra) : leafHelp(command, path, width);
}

/** What follows a usage error: the synopsis (or the group's commands) and where the full help is. */
export function renderUsage(command: CliCommand, path: readonly string[], width: number): string {
  const lines: string[] = [];
  if (command.kind === 'group') {
    lines.push(`Usage: ${path.join(' ')} COMMAND`);
    lines.push(
      wrap(
        `Commands: ${visible(command.commands)
          .map((c) => c.name)
          .join(', ')}`,
        width,
        '  ',
      ),
    );
  } else {
    lines.push(wrappedSynopsis(command, path, width, 'Usage: '));
  }
  const helpCommand = [path[0], 'help', ...path.slice(1)].join(' ');
  lines.push(`Run \`${helpCommand}\` for details and examples.`);
  return lines.join('\n') + '\n';
}
