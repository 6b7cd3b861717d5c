/**
 * `mfa-tray rotate NAME …`: the declaration (arguments, options, help). The work is in ../rotate-command.ts,
 * loaded when the command runs; the arguments reach it already checked, as a command line it parses again.
 */
import { command, UsageError } from '../command';

export const rotate = command({
  name: 'rotate',
  summary: "Rotate a profile's access key: a new key, proven to work; the old one deactivated.",
  description:
    'The deactivated old key is deleted later: run again with --finish after the grace period (7 days by ' +
    'default; --grace-days 0: now) — it deletes the old key if nothing used it since. With --status, what is ' +
    'recorded about the profile’s rotation.',
  usage: 'NAME [--yes] [--finish] [--grace-days N] [--code 123456] | NAME --status [--json]',
  positionals: [{ name: 'NAME', description: 'The mfa-tray profile.' }],
  options: {
    yes: { type: 'boolean', description: 'Delete an unused second key without asking (for scripts).' },
    finish: {
      type: 'boolean',
      description: 'Delete the deactivated old key (once the grace period is over).',
    },
    'grace-days': {
      type: 'string',
      value: 'N',
      description: 'Days the deactivated old key is kept before --finish deletes it (default 7; 0 = now).',
    },
    code: {
      type: 'string',
      value: '123456',
      description: 'An MFA code, when the profile has no valid session; - reads it from stdin.',
    },
    status: { type: 'boolean', description: 'Show the recorded rotation instead of rotating.' },
    json: { type: 'boolean', description: 'With --status: machine-readable.' },
  },
  examples: [
    { command: 'mfa-tray rotate work' },
    { command: 'mfa-tray rotate work --finish', comment: 'Later: delete the old key.' },
    { command: 'mfa-tray rotate work --status --json' },
  ],
  async run(args, ctx) {
    const argv = [args.arg('NAME')!];
    for (const flag of ['yes', 'finish', 'status', 'json']) if (args.flag(flag)) argv.push(`--${flag}`);
    for (const option of ['grace-days', 'code']) {
      const value = args.string(option);
      // Inline, so a value is never read as an option.
      if (value !== undefined) argv.push(`--${option}=${value}`);
    }
    const { rotateCommand } = await import('../rotate-command.js');
    return rotateCommand(argv, { openCore: () => ctx.openCore(), UsageError });
  },
});
