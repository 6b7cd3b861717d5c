/**
 * `mfa-tray role add|import|list`: the declarations. The work is in ../role-commands.ts, loaded when a command
 * runs; the arguments reach it already checked, as a command line it parses again.
 */
import { command, group, UsageError, type CliContext, type ParsedArgs } from '../command';
import { DELIVERIES } from '../../core/rules/profile-rules';
import { ROLE_MAX_DURATION_SECONDS, ROLE_MIN_DURATION_SECONDS } from '../../core/rules/role-rules';

/** Runs `mfa-tray role SUB` in role-commands.ts with the checked arguments. */
function runs(sub: string, flags: string[], strings: string[], positional?: string) {
  return async (args: ParsedArgs, ctx: CliContext): Promise<number> => {
    const argv = [sub, ...(positional ? [args.arg(positional)!] : [])];
    for (const flag of flags) if (args.flag(flag)) argv.push(`--${flag}`);
    for (const option of strings) {
      const value = args.string(option);
      // Inline, so a value is never read as an option.
      if (value !== undefined) argv.push(`--${option}=${value}`);
    }
    const { roleCommand } = await import('../role-commands.js');
    return roleCommand(argv, { openCore: () => ctx.openCore(), UsageError });
  };
}

const ADD_STRINGS = [
  'source',
  'role-arn',
  'session-name',
  'external-id',
  'duration',
  'region',
  'target',
  'delivery',
];

export const roleGroup = group({
  name: 'role',
  summary: 'Roles assumed with the MFA session of a profile: one code serves all its roles.',
  commands: [
    command({
      name: 'add',
      summary: 'Add a role assumed with the MFA session of PROFILE (up to 1 h; longer roles ask for a code).',
      positionals: [{ name: 'NAME', description: 'A name for the role profile.' }],
      options: {
        source: {
          type: 'string',
          value: 'PROFILE',
          required: true,
          description: 'The mfa-tray profile that assumes the role.',
        },
        'role-arn': { type: 'string', value: 'ARN', required: true, description: 'The role to assume.' },
        'session-name': { type: 'string', value: 'S', description: 'The role session name.' },
        'external-id': {
          type: 'string',
          value: 'X',
          description: 'The external id the role’s trust policy asks for.',
        },
        duration: {
          type: 'string',
          value: 'SECONDS',
          description: `Session length, ${ROLE_MIN_DURATION_SECONDS}–${ROLE_MAX_DURATION_SECONDS} s.`,
        },
        region: { type: 'string', value: 'R', description: 'AWS region.' },
        target: { type: 'string', value: 'AWS_PROFILE', description: 'The AWS profile the session goes to.' },
        delivery: { type: 'string', choices: DELIVERIES, description: 'As for profile add.' },
      },
      examples: [
        { command: 'mfa-tray role add admin --source work --role-arn arn:aws:iam::123456789012:role/Admin' },
      ],
      run: runs('add', [], ADD_STRINGS, 'NAME'),
    }),
    command({
      name: 'import',
      summary: 'Import the role profiles of ~/.aws/config (role_arn + source_profile).',
      options: {
        yes: { type: 'boolean', description: 'Do not ask (for scripts).' },
        point: {
          type: 'boolean',
          description:
            "Make those profiles use mfa-tray's credential_process (only their role lines change).",
        },
      },
      run: runs('import', ['yes', 'point'], []),
    }),
    command({
      name: 'list',
      summary: 'The role profiles.',
      options: { json: { type: 'boolean', description: 'Machine-readable.' } },
      run: runs('list', ['json'], []),
    }),
  ],
});
