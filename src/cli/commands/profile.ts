/** `mfa-tray profile add|import|list|remove`: the profiles and their base keys. */
import {
  DEFAULT_DURATION_SECONDS,
  DELIVERIES,
  isDelivery,
  MAX_DURATION_SECONDS,
  MIN_DURATION_SECONDS,
  ROOT_MAX_DURATION_SECONDS,
  type Delivery,
} from '../../core/rules/profile-rules';
import type { ProfileStatus } from '../../core/mfa-tray-core';
import type { Note } from '../../shared/notes';
import { command, group, UsageError, type CliContext, type OptionSpec } from '../command';
import { formatDuration } from '../format';
import { canPrompt } from '../terminal-io';
import { noteText } from '../wording';

const DELIVERY: OptionSpec = {
  type: 'string',
  choices: DELIVERIES,
  description:
    'How the AWS CLI gets the session: "file" writes it into ~/.aws/credentials (default), "process" adds a ' +
    'credential_process line to ~/.aws/config and keeps nothing secret on disk.',
};
const TARGET: OptionSpec = {
  type: 'string',
  value: 'AWS_PROFILE',
  description: 'The AWS profile the session goes to (default: NAME-mfa). It must not exist yet.',
};
const DURATION: OptionSpec = {
  type: 'string',
  value: 'SECONDS',
  description: `Session length, ${MIN_DURATION_SECONDS}–${MAX_DURATION_SECONDS} s (default ${DEFAULT_DURATION_SECONDS} = 12 h; AWS caps root users at ${ROOT_MAX_DURATION_SECONDS}).`,
};
const MFA_SERIAL: OptionSpec = {
  type: 'string',
  value: 'ARN',
  description: "The MFA device's ARN (default: looked up with ListMFADevices).",
};

const add = command({
  name: 'add',
  summary: 'Add a profile: its access key goes into the OS keychain.',
  description:
    'The secret access key is read from stdin when stdin is not a terminal, else prompted for without echo — ' +
    'never from an argument (every process on the machine can read those).',
  positionals: [{ name: 'NAME', description: 'A name for the profile (letters, digits, "-", "_", ".").' }],
  options: {
    'access-key-id': {
      type: 'string',
      value: 'AKID',
      required: true,
      description: 'The IAM user’s access key id (AKIA…).',
    },
    'mfa-serial': MFA_SERIAL,
    region: { type: 'string', value: 'R', description: 'AWS region (default: $AWS_REGION or us-east-1).' },
    duration: DURATION,
    target: TARGET,
    delivery: DELIVERY,
    'code-command': {
      type: 'string',
      value: 'CMD',
      description:
        'A command that prints the current 6-digit code (e.g. "op item get ITEM --otp"), run without a shell at login.',
    },
  },
  examples: [
    {
      command: 'mfa-tray profile add work --access-key-id AKIAIOSFODNN7EXAMPLE',
      comment: 'Asks for the secret.',
    },
    {
      command:
        'pass show aws/work | mfa-tray profile add work --access-key-id AKIAIOSFODNN7EXAMPLE --region eu-west-1',
      comment: 'The secret from a password manager, on stdin.',
    },
  ],
  async run(args, ctx) {
    const secretAccessKey = await readSecretAccessKey(ctx);
    const core = await ctx.openCore();
    const result = await core.addProfile({
      name: args.arg('NAME')!,
      accessKeyId: args.string('access-key-id')!,
      secretAccessKey,
      mfaSerial: args.string('mfa-serial'),
      region: args.string('region'),
      durationSeconds: parseDuration(args.string('duration')),
      target: args.string('target'),
      delivery: parseDelivery(args.string('delivery')),
      codeCommand: args.string('code-command'),
    });
    printAdded(ctx, result.profile, result.notes);
    return 0;
  },
});

const importCommand = command({
  name: 'import',
  summary: 'Move plain-text keys from ~/.aws/credentials into the keychain.',
  description:
    'Makes an mfa-tray profile of an AWS profile that has its keys in the credentials file. With --scrub the ' +
    'keys are removed from that file afterwards (a 0600 backup copy is kept beside it).',
  positionals: [
    { name: 'AWS_PROFILE', description: 'The profile in ~/.aws/credentials to take the keys from.' },
  ],
  options: {
    name: { type: 'string', description: 'Name of the new mfa-tray profile (default: AWS_PROFILE).' },
    scrub: { type: 'boolean', description: 'Remove the plain keys from the credentials file afterwards.' },
    target: TARGET,
    delivery: DELIVERY,
    'mfa-serial': { ...MFA_SERIAL, hideInUsage: true },
    duration: { ...DURATION, hideInUsage: true },
  },
  examples: [{ command: 'mfa-tray profile import default --name work --scrub' }],
  async run(args, ctx) {
    const core = await ctx.openCore();
    const result = await core.importProfile(args.arg('AWS_PROFILE')!, {
      name: args.string('name'),
      scrub: args.flag('scrub'),
      target: args.string('target'),
      delivery: parseDelivery(args.string('delivery')),
      mfaSerial: args.string('mfa-serial'),
      durationSeconds: parseDuration(args.string('duration')),
    });
    printAdded(ctx, result.profile, result.notes);
    return 0;
  },
});

const list = command({
  name: 'list',
  summary: 'The profiles, with key, MFA device, target AWS profile and session length.',
  options: { json: { type: 'boolean', description: 'Machine-readable, every field.' } },
  examples: [{ command: 'mfa-tray profile list' }],
  async run(args, ctx) {
    const profiles = (await ctx.openCore()).status();
    if (args.flag('json')) {
      ctx.io.out(JSON.stringify(profiles, null, 2) + '\n');
    } else if (profiles.length === 0) {
      ctx.io.out('No profiles yet. Add one with `mfa-tray profile add NAME --access-key-id AKID`.\n');
    } else {
      for (const p of profiles) {
        if (p.kind === 'soracom') {
          ctx.io.out((await import('../soracom-commands.js')).soracomProfileLines(p));
          continue;
        }
        ctx.io.out(
          `${p.name}\n  key …${p.accessKeyIdSuffix ?? '????'}  MFA ${p.mfaSerial ?? '(none — run mfa-tray mfa create)'}\n` +
            `  → AWS profile ${p.target} (${p.delivery}), ${p.region}, ${formatDuration(p.durationSeconds)}\n`,
        );
      }
    }
    return 0;
  },
});

const remove = command({
  name: 'remove',
  summary: 'Remove a profile: its keys from the keychain, its AWS profile from your AWS files.',
  description:
    'Asks for confirmation on a terminal; scripts pass --yes. The access key itself stays active in AWS.',
  positionals: [{ name: 'NAME', description: 'The mfa-tray profile.' }],
  options: {
    yes: { type: 'boolean', description: 'Do not ask (for scripts).' },
    'with-roles': {
      type: 'boolean',
      description:
        'Also remove the roles assumed from this profile. Without it, a profile that roles use is not removed.',
    },
  },
  examples: [
    { command: 'mfa-tray profile remove work' },
    { command: 'mfa-tray profile remove work --yes' },
    { command: 'mfa-tray profile remove work --with-roles' },
  ],
  async run(args, ctx) {
    const name = args.arg('NAME')!;
    const core = await ctx.openCore();
    const profile = core.profileStatus(name);
    const { rolesOf } = await import('../../core/roles/role-status.js');
    const roles = rolesOf(core.profiles.load().profiles, name).map((r) => r.name);
    if (!args.flag('with-roles')) {
      // Refused before asking: the core would refuse the "yes" anyway.
      const { refuseRemovingSourceOfRoles } = await import('../../core/roles/source-removal.js');
      refuseRemovingSourceOfRoles(core.profiles.load().profiles, name);
    }
    if (!args.flag('yes')) {
      const { MfaTrayError } = await import('../../core/errors.js');
      if (!ctx.io.interactive) {
        throw new MfaTrayError(
          'confirmation-required',
          `Not removed: profile "${name}" (no terminal to ask for confirmation on).`,
          {
            hint: 'To remove it from a script, pass --yes.',
          },
        );
      }
      ctx.io.err(
        `Removing profile "${name}":\n${(await removalConsequences(core, profile, roles)).map((c) => `  - ${c}\n`).join('')}`,
      );
      const answer = await ctx.io.ask(`Remove profile "${name}"? [y/N] `);
      if (!/^y(es)?$/i.test(answer.trim())) {
        ctx.io.err('Nothing removed.\n');
        return 1;
      }
    }
    const stored = core.profiles.getAny(name);
    if (stored.kind === 'soracom') {
      return (await import('../soracom-commands.js')).soracomRemove(core, stored);
    }
    if (roles.length > 0) {
      const { createRoleDriver, removeSourceWithRoles } = await import('../../core/roles/index.js');
      const removed = await removeSourceWithRoles(createRoleDriver(core), (n) => core.removeProfile(n), name);
      ctx.io.out(
        `Removed profile "${name}" and its ${removed.length === 1 ? 'role' : 'roles'} ${quoted(removed)}: ` +
          'their keys and sessions are gone from the keychain and their AWS profiles from your AWS files.\n',
      );
      return 0;
    }
    await core.removeProfile(name);
    ctx.io.out(
      `Removed profile "${name}": its keys are gone from the keychain and its AWS profile from your AWS files.\n`,
    );
    return 0;
  },
});

/** What removing a profile takes away, for the question before it. */
function quoted(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(', ');
}

async function removalConsequences(
  core: Awaited<ReturnType<CliContext['openCore']>>,
  p: ProfileStatus,
  roles: readonly string[],
): Promise<string[]> {
  if (p.kind === 'soracom') {
    return [
      "its password (or AuthKey secret), token and MFA secret are deleted from this computer's keychain",
      `~/.soracom/${p.target}.json is deleted if mfa-tray wrote it (soracom-cli's profile "${p.target}" stops working)`,
    ];
  }
  const lines = [
    `its access key (…${p.accessKeyIdSuffix ?? '????'}) is deleted from this computer's keychain; the key stays active in AWS`,
    p.state === 'valid' || p.state === 'expiring'
      ? `its session ends, and AWS profile "${p.target}" is removed from your AWS files`
      : `AWS profile "${p.target}" is removed from your AWS files`,
  ];
  const { MfaDeviceService } = await import('../../core/mfa-devices/index.js');
  if ((await new MfaDeviceService(core).builtInAuthenticator(p.name)).enabled) {
    lines.push(
      'the built-in authenticator’s secret is deleted: codes for its device then come only from another app',
    );
  }
  if (roles.length > 0) {
    lines.push(
      `its ${roles.length === 1 ? 'role' : 'roles'} ${quoted(roles)} ${roles.length === 1 ? 'is' : 'are'} removed too: ` +
        'their sessions end and their AWS profiles are removed from your AWS files',
    );
  }
  return lines;
}

export const profileGroup = group({
  name: 'profile',
  summary: 'Add, import, list and remove profiles (access keys in the OS keychain).',
  commands: [add, importCommand, list, remove],
  examples: [
    { command: 'mfa-tray profile add work --access-key-id AKIAIOSFODNN7EXAMPLE' },
    { command: 'mfa-tray profile list' },
  ],
});

async function readSecretAccessKey(ctx: CliContext): Promise<string> {
  const secret = canPrompt(ctx.io)
    ? await ctx.io.ask('Secret access key (not shown): ', { hidden: true })
    : await ctx.io.readStdin();
  if (!secret.trim()) throw new UsageError('No secret access key given on stdin.');
  return secret.trim();
}

function parseDuration(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v))
    throw new UsageError(
      `--duration takes a number of seconds (${MIN_DURATION_SECONDS}–${MAX_DURATION_SECONDS}).`,
    );
  return Number(v);
}

function parseDelivery(v: string | undefined): Delivery | undefined {
  // The parser has checked the choices already.
  return isDelivery(v) ? v : undefined;
}

function printAdded(
  ctx: CliContext,
  p: { name: string; mfaSerial: string | null; target: string; delivery: string },
  notes: readonly Note[],
): void {
  ctx.io.out(
    `Added profile "${p.name}": keys in the OS keychain, MFA device ${p.mfaSerial ?? '(none yet)'}, ` +
      `sessions go to AWS profile "${p.target}" (${p.delivery === 'file' ? 'credentials file' : 'credential_process'}).\n`,
  );
  for (const n of notes) ctx.io.out(`Note: ${noteText(n)}\n`);
  if (p.mfaSerial) ctx.io.out(`Next: mfa-tray login ${p.name}\n`);
}
