/**
 * `mfa-tray soracom …`: SORACOM accounts. The declarations (arguments, options, help) are here; the work is
 * in ../soracom-commands.ts, loaded when a command runs. login, logout, status and profile list/remove work
 * for SORACOM profiles too.
 */
import { command, group, UsageError, type CliContext, type OptionSpec, type ParsedArgs } from '../command';
import { argvOf } from './delegate';
import {
  COVERAGE_TYPES,
  DEFAULT_TOKEN_TIMEOUT_SECONDS,
  MAX_TOKEN_TIMEOUT_SECONDS,
  MIN_TOKEN_TIMEOUT_SECONDS,
} from '../../core/rules/soracom-rules';

const NAME = { name: 'NAME', description: 'The mfa-tray SORACOM profile.' };

async function delegate(
  sub: string[],
  args: ParsedArgs,
  ctx: CliContext,
  options: Record<string, OptionSpec>,
): Promise<number> {
  const { soracomCommand } = await import('../soracom-commands.js');
  return soracomCommand([...sub, ...argvOf(args, ['NAME'], options)], {
    openCore: () => ctx.openCore(),
    UsageError,
  });
}

const ADD_OPTIONS: Record<string, OptionSpec> = {
  email: { type: 'string', value: 'EMAIL', description: 'The root account’s email address.' },
  'operator-id': { type: 'string', value: 'OP', description: 'SAM user: the operator id (OP + 10 digits).' },
  'user-name': { type: 'string', value: 'USER', description: 'SAM user: the user name.' },
  'auth-key-id': {
    type: 'string',
    value: 'KEYID',
    description: 'An AuthKey id (keyId-…); MFA does not apply.',
  },
  coverage: {
    type: 'string',
    value: 'jp|g',
    choices: COVERAGE_TYPES,
    description: 'Coverage type (default jp).',
  },
  endpoint: { type: 'string', value: 'URL', description: 'An API base URL (sandbox, a proxy).' },
  'token-timeout': {
    type: 'string',
    value: 'SECONDS',
    description: `How long mfa-tray’s token lives: ${MIN_TOKEN_TIMEOUT_SECONDS}–${MAX_TOKEN_TIMEOUT_SECONDS} s (default ${DEFAULT_TOKEN_TIMEOUT_SECONDS}).`,
  },
  'soracom-profile': {
    type: 'string',
    value: 'P',
    description: 'The soracom-cli profile file to write: ~/.soracom/P.json (default NAME).',
  },
  'code-command': {
    type: 'string',
    value: 'CMD',
    description: 'A command that prints the MFA code (run without a shell), e.g. op item get X --otp.',
  },
};

const add = command({
  name: 'add',
  summary: 'Add a SORACOM account: secret in the keychain, ~/.soracom/NAME.json for soracom-cli.',
  description:
    'The password (or AuthKey secret) is read from stdin when stdin is not a terminal, else prompted ' +
    'without echo — never from an argument. Writes ~/.soracom/P.json (mode 0600) whose profileCommand runs ' +
    '`mfa-tray soracom profile-command NAME`; refuses to overwrite a file it did not write.',
  usage:
    'NAME (--email EMAIL | --operator-id OP --user-name USER | --auth-key-id KEYID) [--coverage jp|g] ' +
    '[--endpoint URL] [--token-timeout SECONDS] [--soracom-profile P] [--code-command CMD]',
  positionals: [NAME],
  options: ADD_OPTIONS,
  examples: [
    { command: 'mfa-tray soracom add sora --email me@example.com', comment: 'A root account.' },
    {
      command: 'mfa-tray soracom add ops --operator-id OP0012345678 --user-name alice',
      comment: 'A SAM user.',
    },
  ],
  run: (args, ctx) => delegate(['add'], args, ctx, ADD_OPTIONS),
});

const profileCommand = command({
  name: 'profile-command',
  summary: 'What soracom-cli runs: prints the sign-in JSON with a fresh MFA code.',
  description:
    'The code comes from the built-in authenticator, else the profile’s code command, else the running ' +
    'tray app; with none of them it fails with one line saying what to set up. Prints nothing but the JSON.',
  positionals: [NAME],
  run: (args, ctx) => delegate(['profile-command'], args, ctx, {}),
});

const ENABLE_OPTIONS: Record<string, OptionSpec> = {
  qr: {
    type: 'string',
    value: 'FILE',
    description: 'Write the QR code as PNG/SVG (a new 0600 file), or - .',
  },
  code: {
    type: 'string',
    value: '123456',
    description: 'The first code of the new device (skips the prompt).',
  },
  'keep-seed': {
    type: 'boolean',
    description:
      'Keep the MFA secret in the keychain (built-in authenticator: both factors on this computer).',
  },
};

const mfaGroup = group({
  name: 'mfa',
  summary: 'Turn on MFA for a SORACOM account (QR code, then a code), and check its state.',
  commands: [
    command({
      name: 'enable',
      summary: 'Start MFA: shows the QR code, asks for a code, shows the backup codes once.',
      positionals: [NAME],
      options: ENABLE_OPTIONS,
      examples: [{ command: 'mfa-tray soracom mfa enable sora --qr sora.png' }],
      run: (args, ctx) => delegate(['mfa', 'enable'], args, ctx, ENABLE_OPTIONS),
    }),
    command({
      name: 'verify',
      summary: 'Complete an unconfirmed enable with a code.',
      positionals: [NAME],
      options: {
        code: { type: 'string', value: '123456', required: true, description: 'A code of the device.' },
      },
      run: (args, ctx) =>
        delegate(['mfa', 'verify'], args, ctx, { code: { type: 'string', description: '' } }),
    }),
    command({
      name: 'status',
      summary: 'ACTIVE, INACTIVE or UNCONFIRMED.',
      positionals: [NAME],
      options: { json: { type: 'boolean', description: 'Machine-readable.' } },
      run: (args, ctx) =>
        delegate(['mfa', 'status'], args, ctx, { json: { type: 'boolean', description: '' } }),
    }),
  ],
});

const authenticatorGroup = group({
  name: 'authenticator',
  summary: 'The built-in authenticator of a SORACOM profile.',
  commands: [
    command({
      name: 'off',
      summary: 'Delete the MFA secret from the keychain.',
      positionals: [NAME],
      run: (args, ctx) => delegate(['authenticator', 'off'], args, ctx, {}),
    }),
  ],
});

export const soracomGroup = group({
  name: 'soracom',
  summary: 'SORACOM accounts: sign-in for soracom-cli through profileCommand, MFA set-up.',
  commands: [add, profileCommand, mfaGroup, authenticatorGroup],
  examples: [
    { command: 'mfa-tray soracom add sora --email me@example.com' },
    { command: 'mfa-tray login sora' },
    { command: 'soracom sims list --profile sora', comment: 'soracom-cli asks mfa-tray for the code.' },
  ],
});
