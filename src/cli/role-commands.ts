/**
 * `mfa-tray role …`, and the role side of login / logout / credential-process / status: one code for the
 * source profile serves every role assumed from it. The core returns facts (RoleCodeNeed, error reasons);
 * this file words them.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { MfaTrayError } from '../core/errors';
import { isDelivery } from '../core/rules/profile-rules';
import { ROLE_MAX_DURATION_SECONDS, ROLE_MIN_DURATION_SECONDS } from '../core/rules/role-rules';
import { noteText } from './wording';
import type { Note } from '../shared/notes';
import type { MfaTrayCore } from '../core/mfa-tray-core';
import type { RoleProfile } from '../core/profiles';
import type { RoleCodeNeed, RoleDriver, RoleImportCandidate, RoleSetup } from '../core/roles';

export interface RoleCommandContext {
  openCore: () => Promise<MfaTrayCore>;
  UsageError: new (message: string) => Error;
}

type Options = NonNullable<ParseArgsConfig['options']>;

function parse(ctx: RoleCommandContext, args: string[], options: Options, positionals: number) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new ctx.UsageError((error as Error).message);
  }
  if (parsed.positionals.length !== positionals) {
    throw new ctx.UsageError(
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

const str = (v: string | boolean | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

async function roles(core: MfaTrayCore): Promise<{ driver: RoleDriver; setup: RoleSetup }> {
  const { installRoles } = await import('../core/roles/index.js');
  return installRoles(core);
}

export async function roleCommand(args: string[], ctx: RoleCommandContext): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'add':
      return roleAdd(rest, ctx);
    case 'import':
      return roleImport(rest, ctx);
    case 'list':
      return roleList(rest, ctx);
    default:
      throw new ctx.UsageError(`Unknown role command: ${sub ?? '(none)'}`);
  }
}

async function roleAdd(args: string[], ctx: RoleCommandContext): Promise<number> {
  const { values, positionals } = parse(
    ctx,
    args,
    {
      source: { type: 'string' },
      'role-arn': { type: 'string' },
      'session-name': { type: 'string' },
      'external-id': { type: 'string' },
      duration: { type: 'string' },
      region: { type: 'string' },
      target: { type: 'string' },
      delivery: { type: 'string' },
    },
    1,
  );
  const source = str(values.source);
  const roleArn = str(values['role-arn']);
  if (!source)
    throw new ctx.UsageError('--source PROFILE is required (the mfa-tray profile that assumes the role).');
  if (!roleArn) throw new ctx.UsageError('--role-arn ARN is required.');
  const duration = str(values.duration);
  if (duration !== undefined && !/^\d+$/.test(duration)) {
    throw new ctx.UsageError(
      `--duration takes a number of seconds (${ROLE_MIN_DURATION_SECONDS}–${ROLE_MAX_DURATION_SECONDS}).`,
    );
  }
  const delivery = str(values.delivery);
  if (delivery !== undefined && !isDelivery(delivery)) {
    throw new ctx.UsageError('--delivery is "file" or "process".');
  }
  const { setup } = await roles(await ctx.openCore());
  const result = await setup.add({
    name: positionals[0],
    source,
    roleArn,
    sessionName: str(values['session-name']),
    externalId: str(values['external-id']),
    durationSeconds: duration === undefined ? undefined : Number(duration),
    region: str(values.region),
    target: str(values.target),
    delivery,
  });
  const p = result.profile;
  process.stdout.write(
    `Added role "${p.name}" (${p.role?.roleArn}) from "${p.role?.source}": sessions go to AWS profile "${p.target}" ` +
      `(${p.delivery === 'file' ? 'credentials file' : 'credential_process'}).\n`,
  );
  for (const n of result.notes) process.stdout.write(`Note: ${noteText(n)}\n`);
  process.stdout.write(`Next: mfa-tray login ${p.name}\n`);
  return 0;
}

function describeCandidate(c: RoleImportCandidate): string {
  const why =
    c.status === 'ready'
      ? `from mfa-tray profile "${c.source}"`
      : c.status === 'exists'
        ? 'already in mfa-tray — skipped'
        : `source_profile "${c.sourceProfile}" is not an mfa-tray profile — skipped (import it first: mfa-tray profile import ${c.sourceProfile})`;
  return `  [profile ${c.awsProfile}] ${c.roleArn}${c.durationSeconds ? ` (${c.durationSeconds} s)` : ''}: ${why}\n`;
}

async function roleImport(args: string[], ctx: RoleCommandContext): Promise<number> {
  const { values } = parse(ctx, args, { yes: { type: 'boolean' }, point: { type: 'boolean' } }, 0);
  const core = await ctx.openCore();
  const { setup } = await roles(core);
  const candidates = await setup.importCandidates();
  if (candidates.length === 0) {
    process.stdout.write(`No role profiles (role_arn + source_profile) in ${core.awsProfiles.configPath}.\n`);
    return 0;
  }
  process.stdout.write(`Role profiles in ${core.awsProfiles.configPath}:\n`);
  for (const c of candidates) process.stdout.write(describeCandidate(c));
  const ready = candidates.filter((c) => c.status === 'ready');
  if (ready.length === 0) {
    process.stdout.write('Nothing to import.\n');
    return 0;
  }
  const point = values.point === true;
  const what = point
    ? `Import ${ready.length} role(s) and point those profiles at mfa-tray's credential_process (only their role_arn/source_profile/mfa_serial lines change)?`
    : `Import ${ready.length} role(s)? Sessions go to new profiles NAME-mfa; your profiles stay as they are.`;
  if (values.yes !== true) {
    if (!process.stdin.isTTY) throw new ctx.UsageError(`${what} Pass --yes to confirm without a terminal.`);
    const { promptLine } = await import('./prompt.js');
    const answer = await promptLine(`${what} [y/N] `);
    if (!/^y(es)?$/i.test(answer.trim())) {
      process.stdout.write('Nothing imported.\n');
      return 0;
    }
  }
  const result = await setup.import(ready, { point });
  for (const r of result.imported) {
    process.stdout.write(
      `Imported role "${r.profile.name}" from "${r.profile.role?.source}" → AWS profile "${r.profile.target}" (${r.profile.delivery === 'file' ? 'credentials file' : 'credential_process'}).\n`,
    );
    for (const n of r.notes) process.stdout.write(`Note: ${noteText(n)}\n`);
  }
  for (const f of result.failed)
    process.stderr.write(`mfa-tray: [profile ${f.awsProfile}]: ${f.error.toOneLine()}\n`);
  return result.failed.length > 0 ? 1 : 0;
}

async function roleList(args: string[], ctx: RoleCommandContext): Promise<number> {
  const { values } = parse(ctx, args, { json: { type: 'boolean' } }, 0);
  const core = await ctx.openCore();
  const rows = core.status().filter((p) => p.kind === 'role');
  if (values.json) {
    process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    return 0;
  }
  if (rows.length === 0)
    process.stdout.write(
      'No roles yet. Add one with `mfa-tray role add NAME --source PROFILE --role-arn ARN`.\n',
    );
  for (const p of rows) {
    process.stdout.write(
      `${p.name}\n  ${p.role?.roleArn} from "${p.role?.source}"\n  → AWS profile ${p.target} (${p.delivery}), ${p.region}, ${p.durationSeconds} s\n`,
    );
  }
  return 0;
}

// ---- login / credential-process / logout / status for roles ----------------------------------------------

/** Why a code is asked for, in words (the core says it as a RoleCodeNeed). */
export function codeNeedText(role: string, need: Extract<RoleCodeNeed, { code: true }>): string {
  return need.why === 'chaining-cap'
    ? `Role "${role}" asks for ${need.durationSeconds} s; AWS allows at most 1 hour for roles assumed from a session, so it is assumed with an MFA code of "${need.source}" directly.`
    : `Role "${role}" is assumed with the MFA session of "${need.source}", which has none: one code logs "${need.source}" in and serves all its roles.`;
}

/** The CLI's words for an AssumeRole refusal the core classified (details.reason). */
export function wordRoleError(error: unknown, role: RoleProfile): unknown {
  if (!(error instanceof MfaTrayError)) return error;
  const say = (message: string, hint: string) =>
    new MfaTrayError(error.kind, message, { ...error.details, hint }, { cause: error });
  switch (error.details.reason) {
    case 'role-mfa-required':
      return say(
        `AWS refused role "${role.name}" (${role.roleArn}) because it was asked for without MFA: the role's trust policy requires MFA (aws:MultiFactorAuthPresent), and "${role.source}" has no MFA device.`,
        `Set up an MFA device for "${role.source}" (mfa-tray mfa create DEVICE --profile ${role.source}), then log in again.`,
      );
    case 'role-external-id':
      return say(
        `AWS refused role "${role.name}": the external id does not match the one its trust policy expects (or the role does not trust "${role.source}").`,
        'Check the external id with the role owner and add the role again with the right --external-id.',
      );
    case 'role-not-trusted':
      return say(
        `AWS refused role "${role.name}": ${role.roleArn} does not exist, or its trust policy does not allow "${role.source}" to assume it (AWS does not say which).`,
        "Check the role ARN, and ask the role's owner to trust your IAM user or account.",
      );
    case 'role-chaining-cap':
      return say(
        `AWS refused role "${role.name}": roles assumed from a session (role chaining) last at most 1 hour, and it asks for ${role.durationSeconds} s.`,
        `Log in with a code (mfa-tray login ${role.name}), which assumes it with MFA directly, or lower its duration to 3600.`,
      );
    case 'role-max-duration':
      return say(
        `AWS refused role "${role.name}": the role allows shorter sessions than ${role.durationSeconds} s.`,
        "Lower the role's duration, or raise its maximum session duration in IAM.",
      );
    default:
      return error;
  }
}

function printAssumed(
  name: string,
  result: { expiresAt: string; profile: { target: string; role?: { roleArn: string } }; warnings: Note[] },
): void {
  for (const w of result.warnings) process.stderr.write(`mfa-tray: warning: ${noteText(w)}\n`);
  const until = new Date(result.expiresAt);
  const minutes = Math.max(0, Math.round((until.getTime() - Date.now()) / 60_000));
  process.stdout.write(
    `Assumed role "${name}" (${result.profile.role?.roleArn ?? ''}) until ${until.toLocaleString()} (${minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`}). ` +
      `Use: aws … --profile ${result.profile.target}\n`,
  );
}

/**
 * `mfa-tray login ROLE`: no code when the source's session is valid; else one code (from --code, the
 * source's code command, the running app, or the terminal) for the source or, for roles over 1 h, directly.
 */
export async function roleLogin(
  core: MfaTrayCore,
  name: string,
  given: string | undefined,
  ctx: RoleCommandContext,
): Promise<number> {
  const { driver } = await roles(core);
  const role = core.profiles.getOfKind(name, 'role');
  try {
    const need = await driver.codeNeed(role);
    if (!need.code) {
      printAssumed(name, await driver.refresh(role));
      return 0;
    }
    const source = core.profiles.get(need.source);
    const { chooseCodeSource } = await import('../core/codes/code-source.js');
    const from = chooseCodeSource({
      given,
      builtInAuthenticator: false,
      codeCommand: source.codeCommand,
      // The app can log the source in; a role over 1 h needs a code here.
      appAvailable: given === undefined && need.why === 'source-login' && (await appIsRunning()),
      terminal: process.stdin.isTTY === true,
    });
    if (from.from !== 'given') process.stderr.write(`mfa-tray: ${codeNeedText(name, need)}\n`);
    let code: string;
    switch (from.from) {
      case 'given':
        code = from.code;
        break;
      case 'command': {
        const { runCodeCommand } = await import('../core/codes/code-command.js');
        code = await runCodeCommand(from.argv, { onStderr: (d) => process.stderr.write(d) });
        break;
      }
      case 'app': {
        if (!(await sourceFromApp(need.source)))
          throw new ctx.UsageError('No code given: pass --code 123456.');
        printAssumed(name, await driver.refresh(role));
        await printRenewals(driver, need.source, name);
        return 0;
      }
      case 'terminal': {
        const { promptLine } = await import('./prompt.js');
        code = await promptLine(`MFA code for ${need.source} (${need.mfaSerial}): `);
        break;
      }
      default:
        throw new ctx.UsageError(
          `${codeNeedText(name, need)} Pass --code 123456 (or --code - to read it from stdin).`,
        );
    }
    printAssumed(name, await core.login(name, code));
    return 0;
  } catch (error) {
    throw wordRoleError(error, role);
  }
}

/** After `login SOURCE`: renew the roles of the source that had a session and need a new one. */
export async function renewRolesAfterLogin(core: MfaTrayCore, source: string): Promise<void> {
  const { driver } = await roles(core);
  await printRenewals(driver, source);
}

async function printRenewals(driver: RoleDriver, source: string, except?: string): Promise<void> {
  for (const r of await driver.renewAll(source, { except })) {
    if (r.error) process.stderr.write(`mfa-tray: role "${r.name}" was not renewed: ${r.error.toOneLine()}\n`);
    else process.stdout.write(`Renewed role "${r.name}" from the new session of "${source}".\n`);
  }
}

/**
 * credential-process for a role whose session is not cached: assumed from the source's valid session
 * without a prompt (or after the running app logged the source in). Undefined when NAME is not a role.
 */
export async function roleCredentialProcess(
  name: string,
  ctx: RoleCommandContext,
): Promise<number | undefined> {
  const [{ ProfileStore }, { mfaTrayHome }] = await Promise.all([
    import('../core/profiles.js'),
    import('../core/paths.js'),
  ]);
  const stored = new ProfileStore(mfaTrayHome(process.env)).load().profiles.find((p) => p.name === name);
  if (stored?.kind !== 'role') return undefined;
  const core = await ctx.openCore();
  const { driver } = await roles(core);
  const role = stored;
  const { credentialProcessJson } = await import('./credential-process.js');
  try {
    const need = await driver.codeNeed(role);
    if (need.code && !(need.why === 'source-login' && (await sourceFromApp(need.source)))) {
      process.stderr.write(`mfa-tray: ${codeNeedText(name, need)} Run: mfa-tray login ${name}\n`);
      return 1;
    }
    await driver.refresh(role);
  } catch (error) {
    throw wordRoleError(error, role);
  }
  const session = await core.cachedSession(name);
  if (!session) throw new MfaTrayError('no-session', `Role "${name}" has no session after assuming it.`);
  process.stdout.write(credentialProcessJson(session) + '\n');
  return 0;
}

/** `mfa-tray logout NAME [--with-roles | --keep-roles]`: a source's roles keep their sessions unless asked. */
export async function logoutCommand(args: string[], ctx: RoleCommandContext): Promise<number> {
  const { values, positionals } = parse(
    ctx,
    args,
    { 'with-roles': { type: 'boolean' }, 'keep-roles': { type: 'boolean' } },
    1,
  );
  if (values['with-roles'] && values['keep-roles'])
    throw new ctx.UsageError('Pass --with-roles or --keep-roles, not both.');
  const name = positionals[0];
  const core = await ctx.openCore();
  const { rolesOf } = await import('../core/roles/role-status.js');
  const withSession = rolesOf(core.profiles.load().profiles, name).filter(
    (r) => r.sessionExpiresAt !== undefined,
  );
  let dropRoles = values['with-roles'] === true;
  if (withSession.length > 0 && !dropRoles && values['keep-roles'] !== true && process.stdin.isTTY) {
    const { promptLine } = await import('./prompt.js');
    const answer = await promptLine(
      `Also drop the credentials of its roles (${withSession.map((r) => r.name).join(', ')})? They stay valid until they expire otherwise. [y/N] `,
    );
    dropRoles = /^y(es)?$/i.test(answer.trim());
  }
  await core.logout(name);
  process.stdout.write(`Logged out "${name}": its session is deleted.\n`);
  if (withSession.length === 0) return 0;
  if (dropRoles) {
    const { driver } = await roles(core);
    const dropped = await driver.logoutRolesOf(name);
    process.stdout.write(`Also logged out its roles: ${dropped.join(', ')}.\n`);
  } else {
    process.stdout.write(
      `Its roles (${withSession.map((r) => r.name).join(', ')}) keep their credentials until they expire (--with-roles drops them).\n`,
    );
  }
  return 0;
}

async function appIsRunning(): Promise<boolean> {
  const [{ askApp }, { mfaTrayHome }] = await Promise.all([
    import('../core/bridge/client.js'),
    import('../core/paths.js'),
  ]);
  const answer = await askApp(mfaTrayHome(process.env), { type: 'ping' }, { connectTimeoutMs: 200 });
  return answer?.ok === true;
}

/** Asks the running app to log the source in (its code entry); true once it has a session. */
async function sourceFromApp(source: string): Promise<boolean> {
  const [{ askApp }, { fromErrorDto }, { mfaTrayHome }] = await Promise.all([
    import('../core/bridge/client.js'),
    import('../core/errors.js'),
    import('../core/paths.js'),
  ]);
  const home = mfaTrayHome(process.env);
  if (!(await appIsRunning())) return false;
  process.stderr.write(`mfa-tray: enter the MFA code for "${source}" in the mfa-tray app (waiting)…\n`);
  const result = await askApp(home, { type: 'session', name: source, reason: 'login' });
  if (!result) return false;
  if (!result.ok) throw fromErrorDto(result.error);
  return true;
}
