import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { removeOurStaleTempFiles, writeFileAtomic } from '../atomic-file';
import { MfaTrayError } from '../errors';
import { errnoCode, toFileError } from '../file-errors';
import { lockFile } from '../file-lock';
import { expandHome } from '../paths';
import {
  assertRegularOrMissing,
  assertWritable,
  readRegularFile,
  readRegularFileSync,
} from '../regular-file';
import { parseIniBytes, type AwsFileKind, type IniDocument, type LineEnding } from './ini';

export interface AwsFilesStoreOptions {
  credentialsPath: string;
  configPath: string;
  /** How long update() waits for another writer's lock before giving up. */
  lockTimeoutMs?: number;
  /**
   * A lock whose holder has not refreshed it for this long (it crashed) is taken over. proper-lockfile's
   * floor is 2 s; keep it below lockTimeoutMs so a crashed holder never blocks us for good.
   */
  lockStaleMs?: number;
}

export type AwsFileEdit = (doc: IniDocument) => void | boolean;

export interface UpdateOptions {
  /** Before replacing the file, copy its current bytes here (0600), under the same lock. */
  backupTo?: string;
}

const DEFAULT_LOCK_TIMEOUT_MS = 8_000;
const DEFAULT_LOCK_STALE_MS = 5_000;
/** Our temp files are `.<name>.mfa-tray-<pid>-<random>.tmp` beside the file; nothing else matches. */

/**
 * Reads and edits the AWS shared credentials and config files. Writers take a cross-process lock, re-read
 * under it, and replace the file atomically, so concurrent mfa-tray processes never lose each other's
 * changes and a crash at any moment leaves either the old or the new file.
 */
export class AwsFilesStore {
  readonly credentialsPath: string;
  readonly configPath: string;
  private readonly lockTimeoutMs: number;
  private readonly lockStaleMs: number;

  constructor(options: AwsFilesStoreOptions) {
    this.credentialsPath = path.resolve(options.credentialsPath);
    this.configPath = path.resolve(options.configPath);
    this.lockTimeoutMs = options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
    this.lockStaleMs = options.lockStaleMs ?? DEFAULT_LOCK_STALE_MS;
  }

  /** The files the AWS CLI and SDKs would use: `AWS_SHARED_CREDENTIALS_FILE`, `AWS_CONFIG_FILE`, else ~/.aws. */
  static fromEnvironment(env: NodeJS.ProcessEnv = process.env, homedir = os.homedir()): AwsFilesStore {
    const fromEnv = (value: string | undefined, fallback: string): string =>
      value ? path.resolve(expandHome(value, homedir)) : fallback;
    return new AwsFilesStore({
      credentialsPath: fromEnv(env.AWS_SHARED_CREDENTIALS_FILE, path.join(homedir, '.aws', 'credentials')),
      configPath: fromEnv(env.AWS_CONFIG_FILE, path.join(homedir, '.aws', 'config')),
    });
  }

  pathFor(which: AwsFileKind): string {
    return which === 'credentials' ? this.credentialsPath : this.configPath;
  }

  /** Undefined when the file does not exist. Parses leniently: check `doc.problems` before relying on it. */
  async read(which: AwsFileKind): Promise<IniDocument | undefined> {
    const file = this.pathFor(which);
    const bytes = await readRegularFile(file);
    return bytes && parseIniBytes(bytes, { path: file, newline: os.EOL as LineEnding });
  }

  /** As read(); no lock is needed because writers replace the file in one rename. */
  readSync(which: AwsFileKind): IniDocument | undefined {
    const file = this.pathFor(which);
    const bytes = readRegularFileSync(file);
    return bytes && parseIniBytes(bytes, { path: file, newline: os.EOL as LineEnding });
  }

  /**
   * Applies `edit` to the file's current content under the lock and writes the result if it differs.
   * `edit` returning `false` means "leave the file alone". An unparseable file is refused
   * ('aws-file-unparseable') before `edit` runs; a lock held too long by someone else gives
   * 'aws-file-conflict'. A missing file (and its directory, mode 0700) is created.
   */
  async update(
    which: AwsFileKind,
    edit: AwsFileEdit,
    options: UpdateOptions = {},
  ): Promise<{ changed: boolean }> {
    const file = this.pathFor(which);
    await fsp.mkdir(path.dirname(file), { recursive: true, mode: 0o700 }).catch((error: unknown) => {
      throw toFileError(error, file, 'create-folder', path.dirname(file));
    });
    // Write the symlink's target so a symlinked file (a dotfiles repo) stays a symlink.
    const target = await resolveSymlinks(file);
    // Before the lock too: a symlink to a device must not get a lock directory beside the device.
    await assertRegularOrMissing(file, target);
    return inProcessQueue(target, () => this.updateTarget(file, target, edit, options));
  }

  private async updateTarget(
    file: string,
    target: string,
    edit: AwsFileEdit,
    options: UpdateOptions,
  ): Promise<{ changed: boolean }> {
    const held = await this.acquireLock(file, target);
    try {
      // Re-checked under the lock: the file may have been replaced while we waited.
      const stat = await assertRegularOrMissing(file, target);
      const bytes = stat ? await readRegularFile(target, file) : undefined;
      const doc = parseIniBytes(bytes ?? new Uint8Array(), { path: file, newline: os.EOL as LineEnding });
      doc.assertEditable();
      const result: unknown = edit(doc);
      if (result instanceof Promise) {
        throw new MfaTrayError('internal', 'AwsFilesStore.update() needs a synchronous edit function.');
      }
      if (result === false || !doc.isChanged()) return { changed: false };

      if (stat) assertWritable(file, target, stat);
      await removeOurStaleTempFiles(target);
      const owner = stat;
      const backupTo = options.backupTo;
      if (backupTo && bytes) {
        await writeFileAtomic(backupTo, bytes).catch((error: unknown) => {
          throw toFileError(error, backupTo, 'write');
        });
      }
      await writeFileAtomic(target, doc.toBytes(), {
        owner,
        beforeRename: () => {
          const lost = held.compromised();
          if (lost) throw this.conflict(file, target, lost);
        },
      }).catch((error: unknown) => {
        throw toFileError(error, file, 'replace', target);
      });
      return { changed: true };
    } finally {
      await held.release().catch(() => undefined);
    }
  }

  private async acquireLock(
    file: string,
    target: string,
  ): Promise<{ release: () => Promise<void>; compromised: () => Error | undefined }> {
    let compromisedBy: Error | undefined;
    const deadline = Date.now() + this.lockTimeoutMs;
    let delay = 10;
    for (;;) {
      try {
        const release = await lockFile(target, {
          stale: this.lockStaleMs,
          // The default throws from a timer and kills the process; we check before renaming instead.
          onCompromised: (error) => {
            compromisedBy = error;
          },
        });
        return { release, compromised: () => compromisedBy };
      } catch (error) {
        if (errnoCode(error) !== 'ELOCKED') throw toFileError(error, file, 'lock', `${target}.lock`);
        if (Date.now() + delay > deadline) throw this.conflict(file, target, error);
        await sleep(delay * (0.5 + Math.random()));
        delay = Math.min(delay * 2, 250);
      }
    }
  }

  private conflict(file: string, target: string, cause: unknown): MfaTrayError {
    const lockPath = `${target}.lock`;
    return new MfaTrayError(
      'aws-file-conflict',
      `Another program is changing ${file} right now: it holds the lock ${lockPath}.`,
      {
        path: file,
        hint: `Try again in a moment. If nothing else is running, remove ${lockPath} and retry.`,
      },
      { cause },
    );
  }
}

/**
 * Follows symlinks even when the last one dangles (we may be about to create its target, in a folder
 * that exists). A link into a folder that does not exist is refused with both paths.
 */
async function resolveSymlinks(file: string): Promise<string> {
  let current = path.resolve(file);
  try {
    for (let hops = 0; ; hops++) {
      const stat = await fsp.lstat(current).catch(undefinedIfMissing);
      if (!stat?.isSymbolicLink()) break;
      if (hops >= 40) throw Object.assign(new Error(`Too many symbolic links at ${file}`), { code: 'ELOOP' });
      current = path.resolve(path.dirname(current), await fsp.readlink(current));
    }
  } catch (error) {
    throw toFileError(error, file, 'write', current);
  }
  // One canonical directory, so every alias of the file shares one lock.
  let dir: string;
  try {
    dir = await fsp.realpath(path.dirname(current));
  } catch (error) {
    if (current !== path.resolve(file) && ['ENOENT', 'ENOTDIR'].includes(errnoCode(error) ?? '')) {
      throw new MfaTrayError(
        'file-missing',
        `${file} is a symbolic link to ${current}, whose folder ${path.dirname(current)} does not exist.`,
        {
          path: file,
          hint: 'Create that folder (or mount what should be there), or point the link elsewhere or remove it, then try again. The file was left untouched.',
        },
        { cause: error },
      );
    }
    throw toFileError(error, file, 'write', path.dirname(current));
  }
  return path.join(dir, path.basename(current));
}

const queues = new Map<string, Promise<unknown>>();

/** proper-lockfile would also exclude our own concurrent calls, but only by polling; queue them instead. */
async function inProcessQueue<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const run = previous.then(task);
  const tail = run.catch(() => undefined);
  queues.set(key, tail);
  try {
    return await run;
  } finally {
    if (queues.get(key) === tail) queues.delete(key);
  }
}

function undefinedIfMissing(error: unknown): undefined {
  if (errnoCode(error) === 'ENOENT') return undefined;
  throw error;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
