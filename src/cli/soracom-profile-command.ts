/**
 * `mfa-tray soracom profile-command NAME`: the provider soracom-cli runs from ~/.soracom/P.json for every
 * call. It prints the sign-in JSON with a code SORACOM has not seen from us (built-in authenticator, code
 * command or the tray app).
 */
import { MfaTrayError } from '../core/errors';
import type { SoracomProfile } from '../core/profiles';
import type { SoracomAccounts } from '../core/soracom/soracom-accounts';
import { accountsOf } from './soracom-commands';

/**
 * What soracom-cli runs for every call: the sign-in JSON on stdout and nothing else; on failure one line on
 * stderr and a non-zero exit. Never a secret on stderr.
 */
export async function profileCommand(args: string[]): Promise<number> {
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
