import os from 'node:os';
import path from 'node:path';

/**
 * Where mfa-tray keeps its own (non-secret) metadata: `MFA_TRAY_HOME`, else the platform's config dir —
 * the same place Electron's `app.getPath('userData')` would use, so the CLI and the tray share it.
 */
export function mfaTrayHome(env: NodeJS.ProcessEnv = process.env, homedir = os.homedir()): string {
  if (env.MFA_TRAY_HOME) return path.resolve(expandHome(env.MFA_TRAY_HOME, homedir));
  return path.join(platformConfigDir(env, homedir), 'mfa-tray');
}

export function isDefaultHome(env: NodeJS.ProcessEnv = process.env): boolean {
  return !env.MFA_TRAY_HOME;
}

function platformConfigDir(env: NodeJS.ProcessEnv, homedir: string): string {
  switch (process.platform) {
    case 'darwin':
      return path.join(homedir, 'Library', 'Application Support');
    case 'win32':
      return env.APPDATA ?? path.join(homedir, 'AppData', 'Roaming');
    default:
      return env.XDG_CONFIG_HOME ? path.resolve(env.XDG_CONFIG_HOME) : path.join(homedir, '.config');
  }
}

export function expandHome(p: string, homedir = os.homedir()): string {
  if (p === '~') return homedir;
  if (p.startsWith('~/') || p.startsWith('~\\')) return path.join(homedir, p.slice(2));
  return p;
}
