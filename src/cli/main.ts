#!/usr/bin/env node
/**
 * `mfa-tray` command line. `credential-process` is the hot path (every AWS CLI call runs it), so this file
 * imports nothing heavy at the top: each command loads what it needs.
 */
import fs from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { MfaTrayError } from '../core/errors';
import { credentialProcessJson, readValidSession } from './credential-process';
import { noteText } from './wording';
import type { Note } from '../shared/notes';
import { ROLE_USAGE } from './role-usage';

const USAGE = `mfa-tray — MFA sessions for the AWS CLI, base keys in the OS keychain

Usage:
  mfa-tray profile add NAME --access-key-id AKID [--mfa-serial ARN] [--region R] [--duration SECONDS]
                            [--target AWS_PROFILE] [--delivery file|process] [--code-command CMD]
        The secret access key is read from stdin when stdin is not a terminal, else prompted without echo.
        Without --mfa-serial the IAM user's MFA device is looked up (ListMFADevices).
  mfa-tray profile import AWS_PROFILE [--name NAME] [--scrub] [--target T] [--delivery file|process]
        Move plain-text keys from the AWS credentials file into the keychain (--scrub removes them there,
        after a backup copy).
  mfa-tray profile list [--json]
  mfa-tray profile remove NAME
  mfa-tray login NAME [--code 123456]     Prompts for the code on a terminal when --code is absent.
  mfa-tray status [--json]
  mfa-tray credential-process NAME        For credential_process in ~/.aws/config.
  mfa-tray logout NAME
  mfa-tray mfa create|enable|resync|list|remove|authenticator …
        Set up and manage virtual MFA devices (QR code, two consecutive codes); \`mfa-tray mfa help\`.
  mfa-tray rotate NAME [--yes] [--finish] [--grace-days N] [--code 123456] | --status [--json]
        Rotate the profile's access key (new key proven, old one deactivated; --finish deletes it later).
${ROLE_USAGE}
  mfa-tray soracom add|profile-command|mfa …
        SORACOM accounts (login, logout, status, profile list/remove work for them too); \`mfa-tray soracom help\`.
  mfa-tray funnel rotate|status|finish …  Rotate the AWS key SORACOM Funnel uses (\`mfa-tray funnel\`).

Environment: MFA_TRAY_HOME, AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE, AWS_ENDPOINT_URL(_STS|_IAM).
`;

export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

function parse(args: string[], options: Options, positionals: number) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.positionals.length !== positionals) {
    throw new UsageError(
      positionals === 0
        ? `Unexpected argument: ${parsed.positionals[0]}`
        : `Expected ${positionals} argument(s).`,
    );
  }
  return {
    values: parsed.values as Record<string, string | boolean | undefined>,
    positionals: parsed.positionals,
  };
}

/**
 * How the AWS CLI should start us for credential_process: exactly the way this process was started
 * (node + its loader flags + this script, by absolute path), so it works from a checkout, an npm install
 * or `npm link` alike.
 */
function launchCommand(): string[] {
  const script = process.argv[1];
  return script ? [process.execPath, ...process.execArgv, fs.realpathSync(script)] : ['mfa-tray'];
}

async function openCoreForCli() {
  const { openCore } = await import('../core/open.js');
  const core = openCore(process.env, { cliCommand: launchCommand() });
  // Finish or undo what a killed mfa-tray process left half done, before reading or changing anything.
  await core.recover();
  return core;
}

function roleContext() {
  return { openCore: openCoreForCli, UsageError };
}

function str(v: string | boolean | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

async function credentialProcess(args: string[]): Promise<number> {
  const { positionals } = parse(args, {}, 1);
  const name = positionals[0];
  const session = await readValidSession(name, process.env, Date.now());
  if (session) {
    process.stdout.write(credentialProcessJson(session) + '\n');
    return 0;
  }
  // A role: assumed from its source's valid session without a prompt.
  const viaRole = await (await import('./role-commands.js')).roleCredentialProcess(name, roleContext());
  if (viaRole !== undefined) return viaRole;
  // No valid session cached: if the tray app runs, it asks the user for a code and answers.
  const answer = await askRunningApp(name, 'credential-process');
  if (answer?.session) {
    process.stdout.write(credentialProcessJson(answer.session) + '\n');
    return 0;
  }
  const core = await openCoreForCli();
  const status = core.profileStatus(name);
  const why = status.state === 'none' ? 'has no session' : 'has no valid session (it expired)';
  process.stderr.write(`mfa-tray: profile "${name}" ${why}. Run: mfa-tray login ${name}\n`);
  return 1;
}

/**
 * Asks the running tray app (over its user-only local socket) to get a session for `name`: it shows the
 * code entry and answers once the user has typed the code. Undefined, quickly, when no app is running.
 */
/** Whether the tray app answers on its socket (quickly false when it is not running). */
async function appIsRunning(): Promise<boolean> {
  const [{ askApp }, { mfaTrayHome }] = await Promise.all([
    import('../core/bridge/client.js'),
    import('../core/paths.js'),
  ]);
  const answer = await askApp(mfaTrayHome(process.env), { type: 'ping' }, { connectTimeoutMs: 200 });
  return answer?.ok === true;
}

async function askRunningApp(name: string, reason: 'credential-process' | 'login') {
  const [{ askApp }, { fromErrorDto }, { mfaTrayHome }] = await Promise.all([
    import('../core/bridge/client.js'),
    import('../core/errors.js'),
    import('../core/paths.js'),
  ]);
  const home = mfaTrayHome(process.env);
  const answer = await askApp(home, { type: 'ping' }, { connectTimeoutMs: 200 });
  if (!answer?.ok) return undefined;
  process.stderr.write(`mfa-tray: enter the MFA code for "${name}" in the mfa-tray app (waiting)…\n`);
  const result = await askApp(home, { type: 'session', name, reason });
  if (!result) return undefined;
  if (!result.ok) throw fromErrorDto(result.error);
  return 'expiresAt' in result ? result : undefined;
}

async function profileCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'add': {
      const { values, positionals } = parse(
        rest,
        {
          'access-key-id': { type: 'string' },
          'mfa-serial': { type: 'string' },
          region: { type: 'string' },
          duration: { type: 'string' },
          target: { type: 'string' },
          delivery: { type: 'string' },
          'code-command': { type: 'string' },
        },
        1,
      );
      const accessKeyId = str(values['access-key-id']);
      if (!accessKeyId) throw new UsageError('--access-key-id is required.');
      const secretAccessKey = await readSecretAccessKey();
      const core = await openCoreForCli();
      const result = await core.addProfile({
        name: positionals[0],
        accessKeyId,
        secretAccessKey,
        mfaSerial: str(values['mfa-serial']),
        region: str(values.region),
        durationSeconds: parseDuration(str(values.duration)),
        target: str(values.target),
        delivery: parseDelivery(str(values.delivery)),
        codeCommand: str(values['code-command']),
      });
      printAdded(result.profile, result.notes);
      return 0;
    }
    case 'import': {
      const { values, positionals } = parse(
        rest,
        {
          name: { type: 'string' },
          scrub: { type: 'boolean' },
          target: { type: 'string' },
          delivery: { type: 'string' },
          'mfa-serial': { type: 'string' },
          duration: { type: 'string' },
        },
        1,
      );
      const core = await openCoreForCli();
      const result = await core.importProfile(positionals[0], {
        name: str(values.name),
        scrub: values.scrub === true,
        target: str(values.target),
        delivery: parseDelivery(str(values.delivery)),
        mfaSerial: str(values['mfa-serial']),
        durationSeconds: parseDuration(str(values.duration)),
      });
      printAdded(result.profile, result.notes);
      return 0;
    }
    case 'list': {
      const { values } = parse(rest, { json: { type: 'boolean' } }, 0);
      const profiles = (await openCoreForCli()).status();
      if (values.json) {
        process.stdout.write(JSON.stringify(profiles, null, 2) + '\n');
      } else if (profiles.length === 0) {
        process.stdout.write(
          'No profiles yet. Add one with `mfa-tray profile add NAME --access-key-id AKID`.\n',
        );
      } else {
        for (const p of profiles) {
          if (p.kind === 'soracom') {
            process.stdout.write((await import('./soracom-commands.js')).soracomProfileLines(p));
            continue;
          }
          process.stdout.write(
            `${p.name}\n  key …${p.accessKeyIdSuffix ?? '????'}  MFA ${p.mfaSerial ?? '(none — run mfa-tray mfa create)'}\n` +
              `  → AWS profile ${p.target} (${p.delivery}), ${p.region}, ${formatDuration(p.durationSeconds)}\n`,
          );
        }
      }
      return 0;
    }
    case 'remove': {
      const { positionals } = parse(rest, {}, 1);
      const removing = await openCoreForCli();
      const stored = removing.profiles.getAny(positionals[0]);
      if (stored.kind === 'soracom')
        return (await import('./soracom-commands.js')).soracomRemove(removing, stored);
      await removing.removeProfile(positionals[0]);
      process.stdout.write(
        `Removed profile "${positionals[0]}": its keys are gone from the keychain and its AWS profile from your AWS files.\n`,
      );
      return 0;
    }
    default:
      throw new UsageError(`Unknown profile command: ${sub ?? '(none)'}`);
  }
}

async function login(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { code: { type: 'string' } }, 1);
  const name = positionals[0];
  const core = await openCoreForCli();
  const profile = core.profileStatus(name);
  let given = str(values.code);
  if (given === '-') given = (await (await import('./prompt.js')).readStdin()).trim();
  const { chooseCodeSource } = await import('../core/codes/code-source.js');
  const { MfaDeviceService } = await import('../core/mfa-devices.js');
  const devices = new MfaDeviceService(core);
  const stored = core.profiles.getAny(name);
  if (stored.kind === 'soracom') {
    const { soracomLoginCommand } = await import('./soracom-commands.js');
    return soracomLoginCommand(core, stored, given, { appIsRunning, askRunningApp });
  }
  if (stored.kind === 'role')
    return (await import('./role-commands.js')).roleLogin(core, name, given, roleContext());
  const source = chooseCodeSource({
    given,
    builtInAuthenticator:
      given === undefined &&
      stored.kind === 'aws' &&
      (await devices.builtInAuthenticator(name)).matchesLoginDevice,
    codeCommand: stored.codeCommand,
    appAvailable: given === undefined && (await appIsRunning()),
    terminal: process.stdin.isTTY === true,
  });
  let code: string;
  switch (source.from) {
    case 'given':
      code = source.code;
      break;
    case 'authenticator': {
      // Opted in to the built-in authenticator: the code comes from the seed in the keychain.
      const result = await devices.loginWithBuiltInAuthenticator(name);
      printLoggedIn(name, result.expiresAt, result.profile.target, result.warnings);
      return 0;
    }
    case 'command': {
      const { runCodeCommand } = await import('../core/codes/code-command.js');
      code = await runCodeCommand(source.argv, { onStderr: (d) => process.stderr.write(d) });
      break;
    }
    case 'app': {
      // With the tray app running, the code is typed there (one place for every prompt).
      const answer = await askRunningApp(name, 'login');
      if (answer) {
        printLoggedIn(name, answer.expiresAt, answer.target ?? profile.target, answer.warnings ?? []);
        return 0;
      }
      throw new UsageError('No code given: pass --code 123456 (or --code - to read it from stdin).');
    }
    case 'terminal': {
      const { promptLine } = await import('./prompt.js');
      code = await promptLine(`MFA code for ${name} (${profile.mfaSerial ?? 'no device'}): `);
      break;
    }
    case 'none':
      throw new UsageError('No code given: pass --code 123456 (or --code - to read it from stdin).');
  }
  const result = await core.login(name, code);
  printLoggedIn(name, result.expiresAt, result.profile.target, result.warnings);
  if (stored.kind === 'aws') await (await import('./role-commands.js')).renewRolesAfterLogin(core, name);
  return 0;
}

function printLoggedIn(name: string, expiresAt: string, target: string, warnings: Note[]): void {
  for (const w of warnings) process.stderr.write(`mfa-tray: warning: ${noteText(w)}\n`);
  const until = new Date(expiresAt);
  process.stdout.write(
    `Logged in "${name}" until ${until.toLocaleString()} (${formatDuration(Math.round((until.getTime() - Date.now()) / 1000))}). ` +
      `Use: aws … --profile ${target}\n`,
  );
}

async function status(args: string[]): Promise<number> {
  const { values } = parse(args, { json: { type: 'boolean' } }, 0);
  const core = await openCoreForCli();
  const profiles = core.status();
  const keyAges = await (await import('./rotate-command.js')).keyAgesForStatus(core, profiles);
  if (values.json) {
    const rows = profiles.map(({ name, kind, state, expiresAt, target, delivery }) => ({
      name,
      kind,
      state,
      expiresAt,
      target,
      delivery,
      keyAgeDays: keyAges.get(name) ?? null,
    }));
    process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    return 0;
  }
  if (profiles.length === 0) process.stdout.write('No profiles yet.\n');
  const now = Date.now();
  // Roles under their source profile, indented.
  const { underSources } = await import('../core/roles/role-status.js');
  for (const { row: p, depth } of underSources(profiles)) {
    const left = p.expiresAt ? Math.round((Date.parse(p.expiresAt) - now) / 1000) : 0;
    const when =
      p.state === 'valid' || p.state === 'expiring'
        ? `expires in ${formatDuration(left)}`
        : p.state === 'expired'
          ? 'expired'
          : 'not logged in';
    const age = keyAges.get(p.name);
    process.stdout.write(
      `${((depth ? '  ' : '') + p.name).padEnd(20)} ${p.state.padEnd(9)} ${when.padEnd(22)} → ${p.target} (${p.delivery})` +
        `${age != null ? `  key ${age} d` : ''}\n`,
    );
  }
  return 0;
}

async function readSecretAccessKey(): Promise<string> {
  const { readStdin, promptLine } = await import('./prompt.js');
  const secret = process.stdin.isTTY
    ? await promptLine('Secret access key (not shown): ', { hidden: true })
    : await readStdin();
  if (!secret.trim()) throw new UsageError('No secret access key given on stdin.');
  return secret.trim();
}

function parseDuration(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError('--duration takes a number of seconds (900–129600).');
  return Number(v);
}

function parseDelivery(v: string | undefined): 'file' | 'process' | undefined {
  if (v === undefined || v === 'file' || v === 'process') return v;
  throw new UsageError('--delivery is "file" or "process".');
}

function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, totalSeconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min` : `${s} s`;
}

function printAdded(
  p: { name: string; mfaSerial: string | null; target: string; delivery: string },
  notes: Note[],
): void {
  process.stdout.write(
    `Added profile "${p.name}": keys in the OS keychain, MFA device ${p.mfaSerial ?? '(none yet)'}, ` +
      `sessions go to AWS profile "${p.target}" (${p.delivery === 'file' ? 'credentials file' : 'credential_process'}).\n`,
  );
  for (const n of notes) process.stdout.write(`Note: ${noteText(n)}\n`);
  if (p.mfaSerial) process.stdout.write(`Next: mfa-tray login ${p.name}\n`);
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'credential-process':
        return await credentialProcess(rest);
      case 'profile':
        return await profileCommand(rest);
      case 'login':
        return await login(rest);
      case 'logout':
        return await (await import('./role-commands.js')).logoutCommand(rest, roleContext());
      case 'role':
        return await (await import('./role-commands.js')).roleCommand(rest, roleContext());
      case 'status':
        return await status(rest);
      case 'soracom':
        return await (
          await import('./soracom-commands.js')
        ).soracomCommand(rest, { openCore: openCoreForCli, UsageError });
      case 'rotate': {
        const { rotateCommand } = await import('./rotate-command.js');
        return await rotateCommand(rest, { openCore: openCoreForCli, UsageError });
      }
      case 'funnel': {
        const { funnelCommand } = await import('./funnel-commands.js');
        return await funnelCommand(rest, { openCore: openCoreForCli, UsageError });
      }
      case 'mfa': {
        const { mfaCommand } = await import('./mfa-commands.js');
        return await mfaCommand(rest, { openCore: openCoreForCli, UsageError });
      }
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`Unknown command: ${command}`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`mfa-tray: ${error.message}\nRun \`mfa-tray help\` for usage.\n`);
      return 2;
    }
    if (error instanceof MfaTrayError) {
      process.stderr.write(`mfa-tray: ${error.toOneLine()}\n`);
      return 1;
    }
    if (error instanceof Error && error.message === 'cancelled') {
      process.stderr.write('mfa-tray: cancelled.\n');
      return 130;
    }
    // Unknown errors: the message only (never a stack with request data in it).
    process.stderr.write(
      `mfa-tray: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
}

if (require.main === module) {
  // The SDK's notice about future Node versions is for developers, not for every `mfa-tray login`.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    () => {
      process.exitCode = 1;
    },
  );
}
