/**
 * `mfa-tray mfa …`: the declarations (arguments, options, help). The work is in ../mfa-commands.ts, loaded
 * when a command runs.
 */
import { command, group, UsageError, type CliContext, type OptionSpec, type ParsedArgs } from '../command';
import type { MfaCommandContext, TerminalIo } from '../mfa-commands';

type Impl =
  | 'create'
  | 'enable'
  | 'resync'
  | 'list'
  | 'remove'
  | 'authenticatorStatus'
  | 'authenticatorOff'
  | 'authenticatorLogin';

/** Runs the implementation `name` of ../mfa-commands.ts. */
function runs(name: Impl) {
  return async (args: ParsedArgs, ctx: CliContext): Promise<number> => {
    const impl = await import('../mfa-commands.js');
    const mfaCtx: MfaCommandContext = { openCore: () => ctx.openCore(), UsageError };
    const io: TerminalIo = ctx.io;
    return impl[name](args, mfaCtx, io);
  };
}

const PROFILE: OptionSpec = {
  type: 'string',
  value: 'NAME',
  required: true,
  description: 'The mfa-tray profile whose IAM user the device belongs to.',
};
const CODE1: OptionSpec = { type: 'string', value: 'C', description: 'The first of two consecutive codes.' };
const CODE2: OptionSpec = {
  type: 'string',
  value: 'C',
  description: 'The code the app shows right after the first.',
};
const BUILT_IN: OptionSpec = {
  type: 'boolean',
  description:
    "Keep the device's secret in this computer's keychain: codes are computed here and login needs no typing. " +
    'Both factors then live on this computer. Off unless you ask for it.',
};
const DEVICE_DESCRIPTION =
  'The device: its name (resolved in the profile’s account, e.g. phone → arn:aws:iam::ACCOUNT:mfa/phone) or its ARN';

const create = command({
  name: 'create',
  summary: 'Create a virtual MFA device, show its QR code and enable it with two codes.',
  description:
    'The QR code is shown on the terminal, or written to FILE (mode 0600: delete it after scanning). On a ' +
    'terminal it then asks for two consecutive codes and enables the device; giving up (Ctrl-C) deletes it ' +
    'again. Without a terminal the device stays unassigned until `mfa enable`. The secret is shown as text ' +
    'only with --show-secret.',
  positionals: [
    { name: 'DEVICE_NAME', description: 'A name for the device in IAM (letters, digits, +=,.@_-).' },
  ],
  options: {
    profile: PROFILE,
    path: { type: 'string', value: '/p/', description: 'IAM path for the device (default /).' },
    qr: {
      type: 'string',
      value: 'FILE.png|FILE.svg|-',
      description: 'Write the QR code to a PNG or SVG file, or - for the terminal.',
    },
    'show-secret': { type: 'boolean', description: 'Also print the secret key as text (to type it in).' },
    'built-in-authenticator': BUILT_IN,
  },
  examples: [
    {
      command: 'mfa-tray mfa create alice-laptop --profile work',
      comment: 'QR code on the terminal, then two codes.',
    },
    {
      command: 'mfa-tray mfa create alice-laptop --profile work --qr qr.png',
      comment: 'Without a terminal: scan qr.png, then `mfa-tray mfa enable`.',
    },
  ],
  run: runs('create'),
});

const enable = command({
  name: 'enable',
  summary: 'Enable a device for the IAM user with two consecutive codes; the profile then logs in with it.',
  description:
    'On a terminal the codes are asked for, with a countdown to the second one; scripts pass --code1 and --code2. ' +
    'With --built-in-authenticator the secret key is read (hidden prompt, or stdin) and no codes are needed.',
  positionals: [{ name: 'DEVICE', description: DEVICE_DESCRIPTION + '.' }],
  options: { profile: PROFILE, code1: CODE1, code2: CODE2, 'built-in-authenticator': BUILT_IN },
  examples: [
    { command: 'mfa-tray mfa enable alice-laptop --profile work' },
    {
      command:
        'mfa-tray mfa enable arn:aws:iam::123456789012:mfa/alice-laptop --profile work --code1 123456 --code2 654321',
    },
  ],
  run: runs('enable'),
});

const resync = command({
  name: 'resync',
  summary: 'Resynchronise a device that has drifted (default: the one the profile logs in with).',
  positionals: [
    {
      name: 'DEVICE',
      description: DEVICE_DESCRIPTION + ', or a hardware token’s serial number.',
      optional: true,
    },
  ],
  options: { profile: PROFILE, code1: CODE1, code2: CODE2 },
  examples: [{ command: 'mfa-tray mfa resync --profile work' }],
  run: runs('resync'),
});

const list = command({
  name: 'list',
  summary: 'The IAM user’s MFA devices, and the account’s unassigned virtual devices ("orphans").',
  options: { profile: PROFILE, json: { type: 'boolean', description: 'Machine-readable.' } },
  examples: [{ command: 'mfa-tray mfa list --profile work' }],
  run: runs('list'),
});

const remove = command({
  name: 'remove',
  summary: 'Deactivate and delete a device (an unassigned one is just deleted).',
  description:
    'Asks for confirmation on a terminal; scripts pass --yes (twice for the device the profile logs in with).',
  positionals: [
    { name: 'DEVICE', description: DEVICE_DESCRIPTION + ', or a hardware token’s serial number.' },
  ],
  options: {
    profile: PROFILE,
    yes: {
      type: 'boolean',
      multiple: true,
      description: 'Do not ask (for scripts); twice for the device the profile logs in with.',
    },
  },
  examples: [
    { command: 'mfa-tray mfa remove old-phone --profile work' },
    { command: 'mfa-tray mfa remove old-phone --profile work --yes --yes' },
  ],
  run: runs('remove'),
});

const authenticatorProfile = { profile: PROFILE };

const authenticator = group({
  name: 'authenticator',
  summary: 'The opt-in built-in authenticator: status, off, or log in with a code it computes.',
  commands: [
    command({
      name: 'status',
      summary: 'Whether the built-in authenticator is on for the profile.',
      options: authenticatorProfile,
      run: runs('authenticatorStatus'),
    }),
    command({
      name: 'off',
      summary: 'Turn it off: the secret is deleted from the keychain; codes come from your app again.',
      options: authenticatorProfile,
      run: runs('authenticatorOff'),
    }),
    command({
      name: 'login',
      summary: 'Log in with a code the built-in authenticator computes.',
      options: authenticatorProfile,
      run: runs('authenticatorLogin'),
    }),
  ],
});

export const mfaGroup = group({
  name: 'mfa',
  summary: "Set up and manage the virtual MFA devices of a profile's IAM user.",
  description:
    '--built-in-authenticator keeps the device’s secret in this computer’s keychain, so codes are computed ' +
    'here and login/refresh need no typing. Both factors then live on this computer. Off unless you ask for it.',
  commands: [create, enable, resync, list, remove, authenticator],
  examples: [
    { command: 'mfa-tray mfa create alice-laptop --profile work' },
    { command: 'mfa-tray mfa list --profile work' },
  ],
});
