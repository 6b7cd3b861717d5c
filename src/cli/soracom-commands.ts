/**
 * `mfa-tray soracom …`: SORACOM accounts (add, MFA set-up) and `profile-command`, the provider soracom-cli
 * runs from ~/.soracom/P.json. Login, logout, status, list and remove are the common commands of
 * src/cli/main.ts, which hand SORACOM profiles to the functions below.
 */
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { MfaTrayError } from '../core/errors';
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

function str(v: string | boolean | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

async function accountsOf(core: MfaTrayCore): Promise<SoracomAccounts> {
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
      return profileCommand(rest);
    case 'mfa': {
      const [action, ...more] = rest;
      if (action === 'enable') {
        const parsed = parse(
          more,
          { qr: { type: 'string' }, code: { type: 'string' }, 'keep-seed': { type: 'boolean' } },
          1,
        );
        return mfaEnable(parsed, ctx);
      }
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

interface Parsed {
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

// ---- profile-command -------------------------------------------------------------------------------------

/**
 * What soracom-cli runs for every call: the sign-in JSON on stdout and nothing else; on failure one line on
 * stderr and a non-zero exit. Never a secret on stderr.
 */
async function profileCommand(args: string[]): Promise<number> {
  // Should the process ever end before answering, soracom-cli must see a failure, not an empty success.
  process.exitCode = 1;
  try {
    if (args.length !== 1 || args[0].startsWith('-'))
      throw new MfaTrayError('invalid-input', 'Usage: mfa-tray soracom profile-command NAME');
    const name = args[0];
    const { openCore } = await import('../core/open.js');
    const core = openCore(process.env);
    const accounts = await accountsOf(core);
    const profile = accounts.profile(name);
    let code: string | undefined;
    if (profile.authMode !== 'authkey') code = await profileCommandCode(accounts, profile);
    const fields = await accounts.cliAuthFields(profile, code);
    process.stdout.write(JSON.stringify(fields) + '\n');
    return 0;
  } catch (error) {
    const line =
      error instanceof MfaTrayError
        ? error.toOneLine()
        : 'unexpected error (run `mfa-tray soracom profile-command NAME` by hand to see more).';
    process.stderr.write(`mfa-tray: ${line.replace(/\s*\n\s*/g, ' ')}\n`);
    return 1;
  }
}

/** The code for soracom-cli: built-in authenticator, code command, the tray app; else what to set up. */
async function profileCommandCode(
  accounts: SoracomAccounts,
  profile: SoracomProfile,
): Promise<string | undefined> {
  const name = profile.name;
  const { chooseCodeSource } = await import('../core/codes/code-source.js');
  const builtIn = await accounts.hasBuiltInAuthenticator(name);
  const needApp = !builtIn && !(profile.codeCommand && profile.codeCommand.length > 0);
  const [{ askApp }, { mfaTrayHome }, { fromErrorDto }] = await Promise.all([
    import('../core/bridge/client.js'),
    import('../core/paths.js'),
    import('../core/errors.js'),
  ]);
  const home = mfaTrayHome(process.env);
  const appAvailable =
    needApp && (await askApp(home, { type: 'ping' }, { connectTimeoutMs: 200 }))?.ok === true;
  const source = chooseCodeSource({
    builtInAuthenticator: builtIn,
    codeCommand: profile.codeCommand,
    appAvailable,
    terminal: false,
  });
  switch (source.from) {
    case 'authenticator':
      return accounts.handOutCode(name, { from: 'authenticator' });
    case 'command': {
      const { runCodeCommand } = await import('../core/codes/code-command.js');
      const argv = source.argv;
      // The command's stderr is not passed on: soracom-cli would show it, and it may name a vault item.
      return accounts.handOutCode(name, {
        from: 'fetch',
        get: () => runCodeCommand(argv),
        retryAfterWindow: true,
      });
    }
    case 'app':
      return accounts.handOutCode(name, {
        from: 'fetch',
        get: async () => {
          const answer = await askApp(home, { type: 'code', name });
          if (!answer) throw noCodeSource(name);
          if (!answer.ok) throw fromErrorDto(answer.error);
          if (!('code' in answer))
            throw new MfaTrayError('internal', 'The mfa-tray app answered without a code.');
          return answer.code;
        },
        retryAfterWindow: false,
      });
    default:
      // An account that logged in without a code has no MFA: soracom-cli signs in with the password alone.
      if (profile.noMfa) return undefined;
      throw noCodeSource(name);
  }
}

function noCodeSource(name: string): MfaTrayError {
  return new MfaTrayError('no-code-source', `No MFA code source for SORACOM profile "${name}".`, {
    hint: `Start the mfa-tray app, set a code command (mfa-tray profile remove + soracom add … --code-command), or turn on the built-in authenticator (mfa-tray soracom mfa enable ${name} --keep-seed).`,
  });
}

// ---- MFA set-up ------------------------------------------------------------------------------------------

async function mfaEnable({ values, positionals }: Parsed, ctx: SoracomCommandContext): Promise<number> {
  const name = positionals[0];
  const qr = str(values.qr);
  const qrKind = qr === undefined ? undefined : qr === '-' ? 'terminal' : qrFileKind(qr, ctx);
  const keepSeed = values['keep-seed'] === true;
  const interactive = process.stdin.isTTY === true;
  const accounts = await accountsOf(await ctx.openCore());
  const profile = accounts.profile(name);
  if (profile.authMode === 'authkey')
    throw new ctx.UsageError(`"${name}" signs in with an AuthKey: MFA does not apply to it.`);
  // The QR file is created (exclusively, 0600) before MFA is enabled: a name that is taken changes nothing.
  const { NewPrivateFile } = await import('../core/new-private-file.js');
  const qrFile =
    qrKind === 'png' || qrKind === 'svg'
      ? await NewPrivateFile.create(qr!, 'the QR code (it holds the MFA secret)')
      : undefined;
  let setup;
  try {
    setup = await accounts.mfaEnable(name);
  } catch (error) {
    await qrFile?.discard();
    throw error;
  }
  const { qrTerminal, qrPng, qrSvg, formatSeedForTyping } = await import('../core/otpauth.js');
  if (qrFile) {
    await qrFile.write(qrKind === 'png' ? await qrPng(setup.totpUri) : await qrSvg(setup.totpUri));
    process.stdout.write(
      `Wrote the QR code to ${qr} (readable only by you). It holds the MFA secret: delete it after scanning.\n`,
    );
  } else if (qrKind === 'terminal' || process.stdout.isTTY) {
    process.stdout.write(await qrTerminal(setup.totpUri));
    if (process.stdout.isTTY)
      process.stdout.write(`Or type this key into the app: ${formatSeedForTyping(setup.secret)}\n`);
  }
  if (keepSeed) {
    const { SORACOM_BUILT_IN_AUTHENTICATOR_WARNING } = await import('../core/soracom/soracom-accounts.js');
    process.stderr.write(`Warning: ${SORACOM_BUILT_IN_AUTHENTICATOR_WARNING}\n`);
  }

  let code = str(values.code);
  if (code === undefined && keepSeed) {
    // The seed is here: the built-in authenticator confirms the set-up itself.
    await accounts.setBuiltInAuthenticator(name, setup.secret);
    code = await accounts.handOutCode(name, { from: 'authenticator' });
    const result = await accounts.mfaVerify(name, code);
    printVerified(name, result.backupCodes, result.status, true);
    return 0;
  }
  if (code === undefined && interactive) {
    const { promptLine } = await import('./prompt.js');
    code = await promptLine('Scan the QR code, then type the code your app shows: ');
  }
  if (code === undefined) {
    process.stdout.write(
      `MFA for "${name}" is set up but not confirmed yet (UNCONFIRMED). Scan the QR code, then run: ` +
        `mfa-tray soracom mfa verify ${name} --code CODE\n`,
    );
    return 0;
  }
  const result = await accounts.mfaVerify(name, code, keepSeed ? { keepSeed: setup.secret } : {});
  printVerified(name, result.backupCodes, result.status, result.builtInAuthenticator);
  return 0;
}

async function mfaVerify({ values, positionals }: Parsed, ctx: SoracomCommandContext): Promise<number> {
  const code = str(values.code);
  if (code === undefined) throw new ctx.UsageError('--code is required.');
  const accounts = await accountsOf(await ctx.openCore());
  const result = await accounts.mfaVerify(positionals[0], code);
  printVerified(positionals[0], result.backupCodes, result.status, false);
  return 0;
}

async function mfaStatus({ values, positionals }: Parsed, ctx: SoracomCommandContext): Promise<number> {
  const accounts = await accountsOf(await ctx.openCore());
  const name = positionals[0];
  const status = await accounts.mfaStatus(name);
  const builtIn = await accounts.hasBuiltInAuthenticator(name);
  if (values.json) {
    process.stdout.write(JSON.stringify({ name, status, builtInAuthenticator: builtIn }) + '\n');
  } else {
    process.stdout.write(`MFA for "${name}": ${status}${builtIn ? ' (built-in authenticator on)' : ''}\n`);
  }
  return 0;
}

function printVerified(name: string, backupCodes: string[], status: string, builtIn: boolean): void {
  process.stdout.write(`MFA for "${name}" is ${status}.\n`);
  if (backupCodes.length > 0) {
    process.stdout.write(
      'Backup codes — shown only now; keep them somewhere safe (each signs in once without your phone):\n' +
        backupCodes.map((c) => `  ${c}\n`).join(''),
    );
  }
  process.stdout.write(
    builtIn
      ? `The built-in authenticator is on for "${name}": logins and soracom-cli get codes without typing.\n`
      : `Next logins need a code: mfa-tray login ${name}\n`,
  );
}

function qrFileKind(file: string, ctx: SoracomCommandContext): 'png' | 'svg' {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.png') return 'png';
  if (ext === '.svg') return 'svg';
  throw new ctx.UsageError('--qr takes a file name ending in .png or .svg, or - for the terminal.');
}
