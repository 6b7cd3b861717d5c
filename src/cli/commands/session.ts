/**
 * Sessions: `login`, `logout`, `status`, and `credential-process` — the hot path every AWS CLI call runs,
 * which must stay light: nothing here is imported before a command runs.
 */
import { command, UsageError, type CliContext } from '../command';
import { formatDuration, printLoggedIn } from '../format';
import { appIsRunning, askRunningApp } from '../running-app';
import { canPrompt } from '../terminal-io';

const NAME = { name: 'NAME', description: 'The mfa-tray profile.' };

/** What role-commands.ts (which prints on its own) needs. */
function roleContext(ctx: CliContext) {
  return { openCore: () => ctx.openCore(), UsageError };
}

export const loginCommand = command({
  name: 'login',
  summary: 'Log in with a 6-digit MFA code: an STS session for the AWS CLI.',
  description:
    'Without --code the code comes from the built-in authenticator (when on), else from the profile’s code ' +
    'command (profile add --code-command), else it is typed in the mfa-tray app when it runs, else asked for ' +
    'on the terminal.',
  positionals: [NAME],
  options: {
    code: {
      type: 'string',
      value: '123456',
      description: 'The code your authenticator app shows; - reads it from stdin.',
    },
  },
  examples: [
    { command: 'mfa-tray login work' },
    { command: 'mfa-tray login work --code 123456' },
    { command: 'pass otp aws/work | mfa-tray login work --code -', comment: 'The code from a program.' },
  ],
  async run(args, ctx) {
    const name = args.arg('NAME')!;
    const core = await ctx.openCore();
    const profile = core.profileStatus(name);
    let given = args.string('code');
    if (given === '-') given = (await ctx.io.readStdin()).trim();
    const { chooseCodeSource } = await import('../../core/codes/code-source.js');
    const { MfaDeviceService } = await import('../../core/mfa-devices/index.js');
    const devices = new MfaDeviceService(core);
    const stored = core.profiles.getAny(name);
    if (stored.kind === 'role') {
      return (await import('../role-commands.js')).roleLogin(core, name, given, roleContext(ctx));
    }
    if (stored.kind === 'soracom') {
      const { soracomLoginCommand } = await import('../soracom-commands.js');
      return soracomLoginCommand(core, stored, given, {
        appIsRunning: () => appIsRunning(ctx.env),
        askRunningApp: (who, reason) => askRunningApp(ctx.io, ctx.env, who, reason),
      });
    }
    const source = chooseCodeSource({
      given,
      builtInAuthenticator:
        given === undefined &&
        stored.kind === 'aws' &&
        (await devices.builtInAuthenticator(name)).matchesLoginDevice,
      codeCommand: stored.codeCommand,
      appAvailable: given === undefined && (await appIsRunning(ctx.env)),
      terminal: canPrompt(ctx.io),
    });
    let code: string;
    switch (source.from) {
      case 'given':
        code = source.code;
        break;
      case 'authenticator': {
        // Opted in to the built-in authenticator: the code comes from the seed in the keychain.
        const result = await devices.loginWithBuiltInAuthenticator(name);
        printLoggedIn(ctx.io, name, result.expiresAt, result.profile.target, result.warnings);
        return 0;
      }
      case 'command': {
        const { runCodeCommand } = await import('../../core/codes/code-command.js');
        code = await runCodeCommand(source.argv, { onStderr: (d) => ctx.io.err(d) });
        break;
      }
      case 'app': {
        // With the tray app running, the code is typed there (one place for every prompt).
        const answer = await askRunningApp(ctx.io, ctx.env, name, 'login');
        if (answer) {
          printLoggedIn(
            ctx.io,
            name,
            answer.expiresAt,
            answer.target ?? profile.target,
            answer.warnings ?? [],
          );
          return 0;
        }
        throw new UsageError('No code given: pass --code 123456 (or --code - to read it from stdin).');
      }
      case 'terminal':
        code = await ctx.io.ask(`MFA code for ${name} (${profile.mfaSerial ?? 'no device'}): `);
        break;
      case 'none':
        throw new UsageError('No code given: pass --code 123456 (or --code - to read it from stdin).');
    }
    const result = await core.login(name, code);
    printLoggedIn(ctx.io, name, result.expiresAt, result.profile.target, result.warnings);
    if (stored.kind === 'aws') await (await import('../role-commands.js')).renewRolesAfterLogin(core, name);
    return 0;
  },
});

export const logoutCommand = command({
  name: 'logout',
  summary: "Delete a profile's session (and its credentials-file section).",
  positionals: [NAME],
  options: {
    'with-roles': { type: 'boolean', description: 'Also log out the roles assumed from this profile.' },
    'keep-roles': { type: 'boolean', description: 'Keep the sessions of the roles assumed from it.' },
  },
  examples: [{ command: 'mfa-tray logout work' }],
  async run(args, ctx) {
    // The role-aware logout (role-commands.ts) gets its arguments back, already checked.
    const argv = [args.arg('NAME')!];
    for (const flag of ['with-roles', 'keep-roles']) if (args.flag(flag)) argv.push(`--${flag}`);
    return (await import('../role-commands.js')).logoutCommand(argv, roleContext(ctx));
  },
});

export const statusCommand = command({
  name: 'status',
  summary: 'Every profile with its session state and time left.',
  options: {
    json: {
      type: 'boolean',
      description:
        'Machine-readable: [{name, kind, state, expiresAt, target, delivery, keyAgeDays}], state valid|expiring|expired|none.',
    },
  },
  examples: [{ command: 'mfa-tray status' }, { command: 'mfa-tray status --json' }],
  async run(args, ctx) {
    const core = await ctx.openCore();
    const profiles = core.status();
    const keyAges = await (await import('../rotate-command.js')).keyAgesForStatus(core, profiles);
    if (args.flag('json')) {
      const rows = profiles.map(({ name, kind, state, expiresAt, target, delivery }) => ({
        name,
        kind,
        state,
        expiresAt,
        target,
        delivery,
        keyAgeDays: keyAges.get(name) ?? null,
      }));
      ctx.io.out(JSON.stringify(rows, null, 2) + '\n');
      return 0;
    }
    if (profiles.length === 0) ctx.io.out('No profiles yet.\n');
    const now = Date.now();
    // Roles under their source profile, indented.
    const { underSources } = await import('../../core/roles/role-status.js');
    for (const { row: p, depth } of underSources(profiles)) {
      const left = p.expiresAt ? Math.round((Date.parse(p.expiresAt) - now) / 1000) : 0;
      const when =
        p.state === 'valid' || p.state === 'expiring'
          ? `expires in ${formatDuration(left)}`
          : p.state === 'expired'
            ? 'expired'
            : 'not logged in';
      const age = keyAges.get(p.name);
      ctx.io.out(
        `${((depth ? '  ' : '') + p.name).padEnd(20)} ${p.state.padEnd(9)} ${when.padEnd(22)} → ${p.target} (${p.delivery})` +
          `${age != null ? `  key ${age} d` : ''}\n`,
      );
    }
    return 0;
  },
});

export const credentialProcessCommand = command({
  name: 'credential-process',
  summary: "What the AWS CLI runs for credential_process (--delivery process): prints the profile's session.",
  description:
    'Prints the cached session as credential_process JSON. Without a valid one, the running mfa-tray app asks ' +
    'for a code; without the app it fails with one line saying what to run.',
  positionals: [NAME],
  examples: [
    {
      command: 'credential_process = "/usr/bin/node" "/path/to/main.js" credential-process work',
      comment: 'In ~/.aws/config (mfa-tray writes this line itself).',
    },
  ],
  async run(args, ctx) {
    const name = args.arg('NAME')!;
    const { credentialProcessJson, readValidSession } = await import('../credential-process.js');
    const session = await readValidSession(name, ctx.env, Date.now());
    if (session) {
      ctx.io.out(credentialProcessJson(session) + '\n');
      return 0;
    }
    // A role: assumed from its source's valid session without a prompt.
    const viaRole = await (await import('../role-commands.js')).roleCredentialProcess(name, roleContext(ctx));
    if (viaRole !== undefined) return viaRole;
    // No valid session cached: if the tray app runs, it asks the user for a code and answers.
    const answer = await askRunningApp(ctx.io, ctx.env, name, 'credential-process');
    if (answer?.session) {
      ctx.io.out(credentialProcessJson(answer.session) + '\n');
      return 0;
    }
    const core = await ctx.openCore();
    const status = core.profileStatus(name);
    const why = status.state === 'none' ? 'has no session' : 'has no valid session (it expired)';
    ctx.io.err(`mfa-tray: profile "${name}" ${why}. Run: mfa-tray login ${name}\n`);
    return 1;
  },
});
