/**
 * The ~/.soracom/<P>.json file that makes soracom-cli ask mfa-tray for credentials:
 *   {"coverageType":"jp", ["endpoint":"…",] "profileCommand":"<absolute command> soracom profile-command NAME"}
 * No secret is in it. Written like every file of ours (lock, re-read under the lock, temp + fsync + rename,
 * 0600: soracom-cli refuses a profile with any group/other bit), never over a file we did not write, and
 * removed only while it is still ours.
 *
 * "Ours" = a JSON object with no keys but coverageType / endpoint / profileCommand, whose profileCommand
 * ends with ` soracom profile-command <NAME>`: the command in front may differ (mfa-tray moved, another
 * install), the file still only runs mfa-tray for that profile. A key added by hand (a password, headers)
 * makes it the user's.
 */
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { lock } from 'proper-lockfile';
import { writeFileAtomic, removeOurStaleTempFiles } from '../atomic-file';
import { MfaTrayError } from '../errors';
import { joinShellWords, quoteShellWord } from './shell-words';
import { checkSoracomProfileName, type CoverageType } from '../rules/soracom-rules';

export interface SoracomProfileLocation {
  /** The soracom-cli profile name P (the file is P.json). */
  soracomProfile: string;
  /** The mfa-tray profile that profile-command serves. */
  mfaTrayProfile: string;
  env?: NodeJS.ProcessEnv;
  /** Default os.homedir(); for tests. */
  homeDir?: string;
}

export interface SoracomProfileFileSpec extends SoracomProfileLocation {
  /** How to start mfa-tray, absolute: e.g. [process.execPath, '/abs/dist/src/cli/main.js']. */
  command: readonly string[];
  coverageType: CoverageType;
  endpoint?: string;
}

export type SoracomProfileFileState = 'absent' | 'ours' | 'foreign';

const OUR_KEYS = new Set(['coverageType', 'endpoint', 'profileCommand']);
const LOCK_TIMEOUT_MS = 5_000;
const LOCK_STALE_MS = 10_000;

/** $SORACOM_PROFILE_DIR, else ~/.soracom — soracom-cli's rule. */
export function soracomProfileDir(
  env: NodeJS.ProcessEnv = process.env,
  homeDir: string = os.homedir(),
): string {
  return env.SORACOM_PROFILE_DIR || path.join(homeDir, '.soracom');
}

export function soracomProfileFilePath(location: Omit<SoracomProfileLocation, 'mfaTrayProfile'>): string {
  const name = checkSoracomProfileName(location.soracomProfile);
  return path.join(soracomProfileDir(location.env, location.homeDir), `${name}.json`);
}

function commandSuffix(mfaTrayProfile: string): string {
  return ` soracom profile-command ${quoteShellWord(mfaTrayProfile)}`;
}

export function profileCommandLine(command: readonly string[], mfaTrayProfile: string): string {
  // soracom-cli runs it from whatever directory the user is in: the program must be an absolute path.
  if (command.length === 0 || !path.isAbsolute(command[0]))
    throw new MfaTrayError('internal', 'The profileCommand needs the absolute path of mfa-tray.');
  return `${joinShellWords(command)}${commandSuffix(mfaTrayProfile)}`;
}

export function soracomProfileFileContent(spec: SoracomProfileFileSpec): string {
  const doc: Record<string, string> = { coverageType: spec.coverageType };
  if (spec.endpoint !== undefined) doc.endpoint = spec.endpoint;
  doc.profileCommand = profileCommandLine(spec.command, spec.mfaTrayProfile);
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function isOurs(text: string, mfaTrayProfile: string): boolean {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return false;
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return false;
  const record = doc as Record<string, unknown>;
  if (!Object.keys(record).every((key) => OUR_KEYS.has(key))) return false;
  const command = record.profileCommand;
  return typeof command === 'string' && command.endsWith(commandSuffix(mfaTrayProfile));
}

async function readState(
  file: string,
  mfaTrayProfile: string,
): Promise<{ state: SoracomProfileFileState; text?: string }> {
  const stat = await fsp.lstat(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (!stat) return { state: 'absent' };
  // A symlink or anything but a regular file is the user's arrangement, never ours to replace.
  if (!stat.isFile()) return { state: 'foreign' };
  const text = await fsp.readFile(file, 'utf8');
  return { state: isOurs(text, mfaTrayProfile) ? 'ours' : 'foreign', text };
}

export async function soracomProfileFileState(
  location: SoracomProfileLocation,
): Promise<SoracomProfileFileState> {
  return (await readState(soracomProfileFilePath(location), location.mfaTrayProfile)).state;
}

function foreignFile(file: string): MfaTrayError {
  return new MfaTrayError('profile-exists', `${file} already exists and was not written by mfa-tray.`, {
    path: file,
    hint: 'Choose another SORACOM CLI profile name (--soracom-profile), or move that file away.',
  });
}

/** Creates or updates P.json; refuses ('profile-exists') when the file there is not ours. */
export async function writeSoracomProfileFile(
  spec: SoracomProfileFileSpec,
): Promise<{ path: string; changed: boolean }> {
  const file = soracomProfileFilePath(spec);
  const content = soracomProfileFileContent(spec);
  await ensureDir(path.dirname(file));
  return withFileLock(file, async (compromised) => {
    const current = await readState(file, spec.mfaTrayProfile);
    if (current.state === 'foreign') throw foreignFile(file);
    if (current.state === 'ours' && current.text === content) {
      // Same bytes; still make sure the mode is what soracom-cli demands.
      await fsp.chmod(file, 0o600);
      return { path: file, changed: false };
    }
    await removeOurStaleTempFiles(file);
    await writeFileAtomic(file, content, {
      mode: 0o600,
      beforeRename: () => {
        const lost = compromised();
        if (lost) throw lost;
      },
    });
    return { path: file, changed: true };
  });
}

/** Removes P.json only while it is ours; a foreign or missing file is left alone and reported. */
export async function removeSoracomProfileFile(
  location: SoracomProfileLocation,
): Promise<'removed' | 'absent' | 'foreign'> {
  const file = soracomProfileFilePath(location);
  const dirExists = await fsp.stat(path.dirname(file)).then(
    () => true,
    () => false,
  );
  if (!dirExists) return 'absent';
  return withFileLock(file, async () => {
    const current = await readState(file, location.mfaTrayProfile);
    if (current.state !== 'ours') return current.state;
    await fsp.rm(file);
    return 'removed';
  });
}

/** The folder soracom-cli reads; when we create it, it is the user's alone (0700). */
async function ensureDir(dir: string): Promise<void> {
  const existed = await fsp.stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (existed) return;
  await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
  await fsp.chmod(dir, 0o700);
}

async function withFileLock<T>(
  file: string,
  task: (compromised: () => Error | undefined) => Promise<T>,
): Promise<T> {
  let lost: Error | undefined;
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  let delay = 10;
  let release: () => Promise<void>;
  for (;;) {
    try {
      release = await lock(file, {
        realpath: false,
        stale: LOCK_STALE_MS,
        retries: 0,
        onCompromised: (error) => {
          lost = error;
        },
      });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
      if (Date.now() + delay > deadline) {
        throw new MfaTrayError('aws-file-conflict', `Another program is changing ${file} right now.`, {
          path: file,
          hint: `Try again in a moment. If nothing else is running, remove ${file}.lock and retry.`,
        });
      }
      await sleep(delay * (0.5 + Math.random()));
      delay = Math.min(delay * 2, 250);
    }
  }
  try {
    return await task(() => lost);
  } finally {
    await release().catch(() => undefined);
  }
}
