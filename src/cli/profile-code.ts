import { MfaTrayError } from '../core/errors';
import type { Profile } from '../core/profiles';
import type { MfaTrayCore } from '../core/mfa-tray-core';

/**
 * A code for an IAM-user profile when an operation (rotation, Funnel rotation) needs an MFA session and the
 * profile has none: --code (or - for stdin), else where the profile's codes come from (the one choice in
 * src/core/codes/: built-in authenticator, code command), else the terminal; without any, a clear refusal.
 */
export function profileCodeProvider(
  core: MfaTrayCore,
  given: string | undefined,
): (profile: Profile) => Promise<string> {
  return async (profile) => {
    const code = given === '-' ? (await (await import('./prompt.js')).readStdin()).trim() : given;
    const [{ chooseCodeSource }, { MfaDeviceService }] = await Promise.all([
      import('../core/codes/code-source.js'),
      import('../core/mfa-devices/index.js'),
    ]);
    const devices = new MfaDeviceService(core);
    const source = chooseCodeSource({
      given: code,
      builtInAuthenticator:
        code === undefined && (await devices.builtInAuthenticator(profile.name)).matchesLoginDevice,
      codeCommand: profile.codeCommand,
      // The tray app logs a profile in itself; it does not hand out codes for other operations.
      appAvailable: false,
      terminal: process.stdin.isTTY === true,
    });
    switch (source.from) {
      case 'given':
        return source.code;
      case 'authenticator':
        return devices.builtInCode(profile.name);
      case 'command': {
        const { runCodeCommand } = await import('../core/codes/code-command.js');
        return runCodeCommand(source.argv, { onStderr: (d) => process.stderr.write(d) });
      }
      case 'terminal':
      case 'app': {
        const { promptLine } = await import('./prompt.js');
        return promptLine(`MFA code for ${profile.name} (${profile.mfaSerial ?? 'no device'}): `);
      }
      case 'none':
        throw new MfaTrayError('no-session', `"${profile.name}" has no valid MFA session for this.`, {
          hint: `Log in first (\`mfa-tray login ${profile.name}\`) or pass --code 123456.`,
        });
    }
  };
}
