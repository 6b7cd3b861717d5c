import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './atomic-file';

/**
 * Inside the packaged app there is no `node`: the CLI runs on the app's own Electron binary with
 * ELECTRON_RUN_AS_NODE=1 (as VS Code's `code` command does). credential_process cannot set environment
 * variables, so the app writes a small launcher into MFA_TRAY_HOME/bin and points the AWS config at it.
 * Returns the command for credential_process.
 */
export async function installCliLauncher(
  home: string,
  runtime: string,
  cliScript: string,
): Promise<string[]> {
  const dir = path.join(home, 'bin');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') {
    const launcher = path.join(dir, 'mfa-tray.cmd');
    await writeIfChanged(
      launcher,
      `@echo off\r\nset ELECTRON_RUN_AS_NODE=1\r\n"${runtime}" "${cliScript}" %*\r\n`,
      0o600,
    );
    return [launcher];
  }
  const launcher = path.join(dir, 'mfa-tray');
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  await writeIfChanged(
    launcher,
    `#!/bin/sh\nELECTRON_RUN_AS_NODE=1 exec ${quote(runtime)} ${quote(cliScript)} "$@"\n`,
    0o700,
  );
  return [launcher];
}

async function writeIfChanged(file: string, content: string, mode: number): Promise<void> {
  try {
    if (fs.readFileSync(file, 'utf8') === content) return;
  } catch {
    // Not there yet.
  }
  await writeFileAtomic(file, content, { mode });
}
