/**
 * `mfa-tray funnel …`: rotating the AWS key SORACOM Funnel publishes with. The work is in
 * ../funnel-commands.ts, loaded when a command runs.
 */
import { command, group, UsageError, type CliContext, type OptionSpec, type ParsedArgs } from '../command';
import { argvOf } from './delegate';

async function delegate(
  sub: string,
  args: ParsedArgs,
  ctx: CliContext,
  options: Record<string, OptionSpec>,
): Promise<number> {
  const { funnelCommand } = await import('../funnel-commands.js');
  return funnelCommand([sub, ...argvOf(args, [], options)], { openCore: () => ctx.openCore(), UsageError });
}

const ROTATE_OPTIONS: Record<string, OptionSpec> = {
  'aws-profile': {
    type: 'string',
    value: 'NAME',
    description: 'The mfa-tray AWS profile whose MFA session calls IAM.',
  },
  'iam-user': { type: 'string', value: 'USER', description: 'The IAM user Funnel publishes as.' },
  soracom: { type: 'string', value: 'SORACOM_NAME', description: 'The logged-in mfa-tray SORACOM profile.' },
  prefix: {
    type: 'string',
    value: 'PREFIX',
    description: 'Credential sets to replace start with this; the new one is PREFIX-YYMMDD.',
  },
  'dry-run': { type: 'boolean', description: 'Print the plan (groups from → to), change nothing.' },
  yes: { type: 'boolean', description: 'Do it without asking (for scripts).' },
  resume: { type: 'boolean', description: 'Complete an interrupted or partly failed rotation.' },
  rollback: { type: 'boolean', description: 'Point the groups back, delete the new key and set.' },
  code: {
    type: 'string',
    value: '123456',
    description: 'An MFA code for the AWS profile, if it has no session.',
  },
};

const FINISH_OPTIONS: Record<string, OptionSpec> = {
  'grace-days': {
    type: 'string',
    value: 'N',
    description: 'Days after the switch before deleting (default 7).',
  },
  yes: { type: 'boolean', description: 'Delete without asking (for scripts).' },
  code: {
    type: 'string',
    value: '123456',
    description: 'An MFA code for the AWS profile, if it has no session.',
  },
};

export const funnelGroup = group({
  name: 'funnel',
  summary: 'Rotate the AWS key SORACOM Funnel uses, and delete the old one later.',
  commands: [
    command({
      name: 'rotate',
      summary: 'New key → new credential set → every matching SIM group points at it.',
      usage:
        '--aws-profile NAME --iam-user USER --soracom SORACOM_NAME --prefix PREFIX [--dry-run] [--yes] [--resume] [--rollback]',
      options: ROTATE_OPTIONS,
      examples: [
        {
          command:
            'mfa-tray funnel rotate --aws-profile work --iam-user funnel --soracom sora --prefix aws-funnel --dry-run',
        },
      ],
      run: (args, ctx) => delegate('rotate', args, ctx, ROTATE_OPTIONS),
    }),
    command({
      name: 'status',
      summary: 'Each recorded rotation: keys, sets, groups, dates, what is left.',
      options: { json: { type: 'boolean', description: 'Machine-readable.' } },
      run: (args, ctx) => delegate('status', args, ctx, { json: { type: 'boolean', description: '' } }),
    }),
    command({
      name: 'finish',
      summary: 'After the grace period: delete the old key and set if nothing uses them.',
      options: FINISH_OPTIONS,
      run: (args, ctx) => delegate('finish', args, ctx, FINISH_OPTIONS),
    }),
  ],
});
