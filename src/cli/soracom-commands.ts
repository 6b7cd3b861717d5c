/**
 * `mfa-tray soracom …`: SORACOM accounts (add, MFA set-up) and `profile-command`, the provider soracom-cli
 * runs from ~/.soracom/P.json. Login, logout, status, list and remove are the common commands of
 * src/cli/main.ts, which hand SORACOM profiles to the functions below. MFA set-up is in
 * soracom-mfa-commands.ts, profile-command in soracom-profile-command.ts (each loaded when it runs).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { SoracomProfile } from '../core/profiles';
import type { MfaTrayCore } from '../core/mfa-tray-core';
import type { SoracomAccounts } from '../core/soracom/soracom-accounts';
import type { ProfileDto } from '../shared/ipc-contract';

export interface SoracomCommandContext {
  openCore: () => Promise<MfaTrayCore>;
  UsageError: new (message: string) => Error;
}

const USAGE = `mfa-tray soracom — SORACOM accounts with MFA, for the tray and soracom-cli

  mfa-tray soracom add NAME (--email EMAIL | --operator-id OP --user-name USER | --auth-key-id KEYID)
                            [--coverage jp|g] [--endpoint URL] [--token-timeout SECONDS]
                            [--soracom-profile P] [--code-command 'CMD ARGS…']
        The password (or auth key secret) is read from stdin when it is not a terminal, else prompted
        without echo. Writes ~/.soracom/P.json (P defaults to NAME) so that \`soracom --profile P\` asks
        mfa-tray for its credentials.
  mfa-tray soracom profile-command NAME   What soracom-cli runs: prints the sign-in JSON with a fresh code.
  mfa-tray soracom mfa enable NAME [--qr FILE.png|FILE.svg|-] [--code C] [--keep-seed]
  mfa-tray soracom mfa verify NAME --code C
  mfa-tray soracom mfa status NAME [--json]
  mfa-tray soracom authenticator off NAME
  mfa-tray login NAME / logout NAME / status / profile list / profile remove NAME work for SORACOM too.
`;

type Options = NonNullable<ParseArgsConfig['options']>;

export function str(v: string | boolean | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export async function accountsOf(core: MfaTrayCore): Promise<SoracomAccounts> {
  const { soracomAccountsOf } = await import('../core/open.js');
  return soracomAccountsOf(core);
}

export async function soracomCommand(args: string[], ctx: SoracomCommandContext): Promise<number> {
  const parse = (rest: string[], options: Options, positionals: number) => {
    let parsed;
    try {
      parsed = parseArgs({ args: rest, options, allowPositionals: true, strict: true });
    } catch (error) {
      throw new ctx.UsageError((error as Error).message);
    }
    if (parsed.positionals.length !== positionals)
      throw new ctx.UsageError(`Expected ${positionals} argument(s).`);
    return {
      values: parsed.values as Record<string, string | boolean | undefined>,
      positionals: parsed.positionals,
    };
  };
  const [sub, ...rest] = args;
  switch (sub) {
    case 'add':
      return add(parse(rest, ADD_OPTIONS, 1), ctx);
    case 'profile-command':
      // soracom-cli shows whatever we print on stderr as its own error: one line, never a usage text.
      return (await import('./soracom-profile-command.js')).profileCommand(rest);
    case 'mfa': {
      const [action, ...more] = rest;
      if (action === 'enable') {
        const parsed = parse(
          more,
          { qr: { type: 'string' }, code: { type: 'string' }, 'keep-seed': { type: 'boolean' } },
          1,
        );
        return (await import('./soracom-mfa-commands.js')).mfaEnable(parsed, ctx);
      }
      const { mfaVerify, mfaStatus } = await import('./soracom-mfa-commands.js');
      if (action === 'verify') return mfaVerify(parse(more, { code: { type: 'string' } }, 1), ctx);
      if (action === 'status') return mfaStatus(parse(more, { json: { type: 'boolean' } }, 1), ctx);
      throw new ctx.UsageError(`Unknown soracom mfa command: ${action ?? '(none)'}`);
    }
    case 'authenticator': {
      const [action, ...more] = rest;
      if (action !== 'off') throw new ctx.UsageError('Usage: mfa-tray soracom authenticator off NAME');
      const { positionals } = parse(more, {}, 1);
      const accounts = await accountsOf(await ctx.openCore());
      const deleted = await accounts.disableBuiltInAuthenticator(positionals[0]);
      process.stdout.write(
        deleted
          ? `The built-in authenticator is off for "${positionals[0]}": its MFA secret is deleted from the keychain.\n`
          : `The built-in authenticator was not on for "${positionals[0]}".\n`,
      );
      return 0;
    }
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(USAGE);
      return sub === undefined ? 2 : 0;
    default:
      throw new ctx.UsageError(`Unknown soracom command: ${sub}`);
  }
}

const ADD_OPTIONS: Options = {
  email: { type: 'string' },
  'operator-id': { type: 'string' },
  'user-name': { type: 'string' },
  'auth-key-id': { type: 'string' },
  coverage: { type: 'string' },
  endpoint: { type: 'string' },
  'token-timeout': { type: 'string' },
  'soracom-profile': { type: 'string' },
  'code-command': { type: 'string' },
};

export interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

async function add({ values, positionals }: Parsed, ctx: SoracomCommandContext): Promise<number> {
  const name = positionals[0];
  const email = str(values.email);
  const operatorId = str(values['operator-id']);
  const userName = str(values['user-name']);
  const authKeyId = str(values['auth-key-id']);
  const ways = [email, operatorId ?? userName, authKeyId].filter((v) => v !== undefined).length;
  if (ways !== 1)
    throw new ctx.UsageError('Give one of --email, --operator-id with --user-name, or --auth-key-id.');
  if ((operatorId === undefined) !== (userName === undefined))
    throw new ctx.UsageError('A SAM user needs both --operator-id and --user-name.');
  const what = authKeyId !== undefined ? 'Auth key secret' : 'Password';
  const { readStdin, promptLine } = await import('./prompt.js');
  const secret = process.stdin.isTTY
    ? await promptLine(`${what} for ${name} (not shown): `, { hidden: true })
    : await readStdin();
  if (!secret.trim()) throw new ctx.UsageError(`No ${what.toLowerCase()} given on stdin.`);
  const accounts = await accountsOf(await ctx.openCore());
  const result = await accounts.add({
    name,
    secret,
    ...(email !== undefined ? { email } : {}),
    ...(operatorId !== undefined ? { operatorId } : {}),
    ...(userName !== undefined ? { userName } : {}),
    ...(authKeyId !== undefined ? { authKeyId } : {}),
    ...(values.coverage !== undefined ? { coverage: str(values.coverage) } : {}),
    ...(values.endpoint !== undefined ? { endpoint: str(values.endpoint) } : {}),
    ...(values['token-timeout'] !== undefined ? { tokenTimeoutSeconds: str(values['token-timeout']) } : {}),
    ...(values['soracom-profile'] !== undefined ? { soracomProfile: str(values['soracom-profile']) } : {}),
    ...(values['code-command'] !== undefined ? { codeCommand: str(values['code-command']) } : {}),
  });
  const p = result.profile;
  process.stdout.write(
    `Added SORACOM profile "${p.name}" (${who(p)}): ${authKeyId !== undefined ? 'auth key secret' : 'password'} in the OS keychain.\n` +
      `soracom-cli asks mfa-tray for it through ${result.profileFile}: soracom … --profile ${p.target}\n`,
  );
  process.stdout.write(
    authKeyId !== undefined
      ? `Next: mfa-tray login ${p.name}\n`
      : `Next: mfa-tray login ${p.name} (with an MFA code if the account has MFA; set it up with \`mfa-tray soracom mfa enable ${p.name}\`).\n`,
  );
  return 0;
}

/** "root account a@b", "SAM user OP…/name", "AuthKey keyId-…". */
function who(p: ProfileDto): string {
  const s = p.soracom;
  if (!s) return p.name;
  if (s.authMode === 'root') return `root account ${s.email ?? ''}${s.operatorId ? `, ${s.operatorId}` : ''}`;
  if (s.authMode === 'sam') return `SAM user ${s.operatorId ?? ''}/${s.userName ?? ''}`;
  return `AuthKey …${p.accessKeyIdSuffix ?? ''}${s.operatorId ? `, ${s.operatorId}` : ''}`;
}

/** The lines of `profile list` for a SORACOM profile. */
export function soracomProfileLines(p: ProfileDto): string {
  const code = p.builtInAuthenticator
    ? 'codes: built-in authenticator'
    : p.codeCommand
      ? `codes: ${p.codeCommand}`
      : 'codes: typed';
  return (
    `${p.name}  [SORACOM]\n  ${who(p)}  ${code}\n` +
    `  → soracom-cli profile ${p.target}, coverage ${p.region}, token ${Math.round(p.durationSeconds / 60)} min\n`
  );
}

/** `mfa-tray profile remove NAME` for a SORACOM profile: says what happened to the ~/.soracom file. */
export async function soracomRemove(core: MfaTrayCore, profile: SoracomProfile): Promise<number> {
  const result = await (await accountsOf(core)).remove(profile);
  const file = result.profileFile;
  process.stdout.write(
    `Removed SORACOM profile "${profile.name}": its password, token and MFA secret are gone from the keychain` +
      (file.outcome === 'removed'
        ? `, and ${file.path} is deleted.\n`
        : file.outcome === 'foreign'
          ? `; ${file.path} was changed by someone else and is left alone.\n`
          : '.\n'),
  );
  return 0;
}

export interface SoracomLoginHelpers {
  appIsRunning: () => Promise<boolean>;
  askRunningApp: (
    name: string,
    reason: 'login',
  ) => Promise<{ expiresAt: string; warnings?: unknown[] } | undefined>;
}

/**
 * `mfa-tray login NAME` for a SORACOM profile: the code from --code, the built-in authenticator, the code
 * command, the tray app or the terminal (src/core/codes/code-source.ts); an AuthKey needs none, and with
 * no source at all the login is tried without a code (accounts without MFA).
 */
export async function soracomLoginCommand(
  core: MfaTrayCore,
  profile: SoracomProfile,
  given: string | undefined,
  helpers: SoracomLoginHelpers,
): Promise<number> {
  const accounts = await accountsOf(core);
  const name = profile.name;
  if (profile.authMode === 'authkey') {
    const result = await accounts.login(profile, undefined);
    printLoggedIn(name, result.expiresAt, profile.soracomProfile);
    return 0;
  }
  const { chooseCodeSource } = await import('../core/codes/code-source.js');
  const source = chooseCodeSource({
    given,
    builtInAuthenticator: given === undefined && (await accounts.hasBuiltInAuthenticator(name)),
    codeCommand: profile.codeCommand,
    appAvailable: given === undefined && (await helpers.appIsRunning()),
    terminal: process.stdin.isTTY === true,
  });
  let code: string | undefined;
  switch (source.from) {
    case 'given':
      code = source.code;
      break;
    case 'authenticator': {
      const result = await accounts.loginWithBuiltInAuthenticator(name);
      printLoggedIn(name, result.expiresAt, profile.soracomProfile);
      return 0;
    }
    case 'command': {
      const { runCodeCommand } = await import('../core/codes/code-command.js');
      const argv = source.argv;
      code = await accounts.handOutCode(name, {
        from: 'fetch',
        get: () => runCodeCommand(argv, { onStderr: (d) => process.stderr.write(d) }),
        retryAfterWindow: true,
      });
      break;
    }
    case 'app': {
      const answer = await helpers.askRunningApp(name, 'login');
      if (answer) {
        printLoggedIn(name, answer.expiresAt, profile.soracomProfile);
        return 0;
      }
      code = undefined;
      break;
    }
    case 'terminal': {
      const { promptLine } = await import('./prompt.js');
      code = await promptLine(`SORACOM MFA code for ${name} (empty if the account has no MFA): `);
      if (code.trim() === '') code = undefined;
      break;
    }
    case 'none':
      code = undefined;
      break;
  }
  // handOutCode already recorded the code: login must not refuse it as "recently used".
  const result =
    source.from === 'command'
      ? await accounts.login(profile, code, { handedOut: true })
      : await accounts.login(profile, code);
  printLoggedIn(name, result.expiresAt, profile.soracomProfile);
  return 0;
}

function printLoggedIn(name: string, expiresAt: string, soracomProfile: string): void {
  const until = new Date(expiresAt);
  const minutes = Math.max(0, Math.round((until.getTime() - Date.now()) / 60_000));
  process.stdout.write(
    `Logged in "${name}" to SORACOM until ${until.toLocaleString()} (${minutes} min). ` +
      `soracom-cli: soracom … --profile ${soracomProfile}\n`,
  );
}
