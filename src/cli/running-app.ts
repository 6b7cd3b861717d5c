import type { TerminalIo } from './terminal-io';

/** Whether the tray app answers on its socket (quickly false when it is not running). */
export async function appIsRunning(env: NodeJS.ProcessEnv): Promise<boolean> {
  const [{ askApp }, { mfaTrayHome }] = await Promise.all([
    import('../core/bridge/client.js'),
    import('../core/paths.js'),
  ]);
  const answer = await askApp(mfaTrayHome(env), { type: 'ping' }, { connectTimeoutMs: 200 });
  return answer?.ok === true;
}

/**
 * Asks the running tray app (over its user-only local socket) to get a session for `name`: it shows the
 * code entry and answers once the user has typed the code. Undefined, quickly, when no app is running.
 */
export async function askRunningApp(
  io: TerminalIo,
  env: NodeJS.ProcessEnv,
  name: string,
  reason: 'credential-process' | 'login',
) {
  const [{ askApp }, { fromErrorDto }, { mfaTrayHome }] = await Promise.all([
    import('../core/bridge/client.js'),
    import('../core/errors.js'),
    import('../core/paths.js'),
  ]);
  const home = mfaTrayHome(env);
  const answer = await askApp(home, { type: 'ping' }, { connectTimeoutMs: 200 });
  if (!answer?.ok) return undefined;
  io.err(`mfa-tray: enter the MFA code for "${name}" in the mfa-tray app (waiting)…\n`);
  const result = await askApp(home, { type: 'session', name, reason });
  if (!result) return undefined;
  if (!result.ok) throw fromErrorDto(result.error);
  return 'expiresAt' in result ? result : undefined;
}
