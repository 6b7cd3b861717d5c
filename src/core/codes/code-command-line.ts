/**
 * A code command as a line of text and back, without running anything: no Node imports, so IPC
 * validation (and through it the channel map) can be loaded anywhere. Running it: code-command.ts.
 */
import { parse, quote } from 'shell-quote';
import { MfaTrayError } from '../errors';
import { CODE_COMMAND_RULES, MAX_CODE_COMMAND_LENGTH } from '../rules/code-rules';

/**
 * Splits a code command the way a shell splits words (quotes, backslashes) without running a shell:
 * `op item get "AWS work" --otp` → ["op","item","get","AWS work","--otp"]. Pipes, redirections, `;`, `&&`,
 * globs and comments are refused — they need a shell; `sh -c '…'` is the explicit way to get one. `$VAR`
 * stays literal, as nothing expands it.
 */
export function parseCodeCommand(text: string): string[] {
  if (text.length > MAX_CODE_COMMAND_LENGTH) {
    throw new MfaTrayError(
      'invalid-input',
      `The code command is longer than ${MAX_CODE_COMMAND_LENGTH} characters.`,
      { field: 'codeCommand', rule: CODE_COMMAND_RULES.tooLong },
    );
  }
  const words = parse(text, (name) => `$${name}`);
  const argv: string[] = [];
  for (const word of words) {
    if (typeof word !== 'string') {
      throw new MfaTrayError('invalid-input', 'A code command is run without a shell.', {
        field: 'codeCommand',
        rule: CODE_COMMAND_RULES.noShell,
      });
    }
    argv.push(word);
  }
  if (argv.length === 0 || argv[0] === '') {
    throw new MfaTrayError('invalid-input', 'The code command is empty.', {
      field: 'codeCommand',
      rule: CODE_COMMAND_RULES.empty,
    });
  }
  return argv;
}

/** The argv back as one line the user can read and edit (and parseCodeCommand reads back the same). */
export function formatCodeCommand(argv: string[]): string {
  return quote(argv);
}
