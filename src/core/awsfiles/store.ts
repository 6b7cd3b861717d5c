import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { lock } from 'proper-lockfile';
import { MfaTrayError } from '../errors';
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

const DEFAULT_LOCK_TIMEOUT_MS = 8_000;
const DEFAULT_LOCK_STALE_MS = 5_000;
/** Our temp files are `.<name>.mfa-tray-<pid>-<random>.tmp` beside the file; nothing else matches. */
const TEMP_INFIX = '.mfa-tray-';
const TEMP_SUFFIX = '.tmp';

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
      value ? path.resolve(expandTilde(value, homedir)) : fallback;
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
    const bytes = await fsp.readFile(file).catch(undefinedIfMissing);
    return bytes && parseIniBytes(bytes, { path: file, newline: os.EOL as LineEnding });
  }

  /** As read(); no lock is needed because writers replace the file in one rename. */
  readSync(which: AwsFileKind): IniDocument | undefined {
    const file = this.pathFor(which);
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch (error) {
      return undefinedIfMissing(error);
    }
    return parseIniBytes(bytes, { path: file, newline: os.EOL as LineEnding });
  }

  /**
   * Applies `edit` to the file's current content under the lock and writes the result if it differs.
   * `edit` returning `false` means "leave the file alone". An unparseable file is refused
   * ('aws-file-unparseable') before `edit` runs; a lock held too long by someone else gives
   * 'aws-file-conflict'. A missing file (and its directory, mode 0700) is created.
   */
  async update(which: AwsFileKind, edit: AwsFileEdit): Promise<{ changed: boolean }> {
    const file = this.pathFor(which);
    await fsp.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    // Write the symlink's target so a symlinked file (a dotfiles repo) stays a symlink.
    const target = await resolveSymlinks(file);
    return inProcessQueue(target, () => this.updateTarget(file, target, edit));
  }

  private async updateTarget(file: string, target: string, edit: AwsFileEdit): Promise<{ changed: boolean }> {
    const held = await this.acquireLock(file, target);
    try {
      const bytes = await fsp.readFile(target).catch(undefinedIfMissing);
      const doc = parseIniBytes(bytes ?? new Uint8Array(), { path: file, newline: os.EOL as LineEnding });
      doc.assertEditable();
      const result: unknown = edit(doc);
      if (result instanceof Promise) {
        throw new MfaTrayError('internal', 'AwsFilesStore.update() needs a synchronous edit function.');
      }
      if (result === false || !doc.isChanged()) return { changed: false };

      await removeOurStaleTempFiles(target);
      const owner = bytes ? await fsp.stat(target).catch(() => undefined) : undefined;
      await writeAtomically(target, doc.toBytes(), owner, () => {
        const lost = held.compromised();
        if (lost) throw this.conflict(file, target, lost);
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
        const release = await lock(target, {
          realpath: false,
          stale: this.lockStaleMs,
          retries: 0,
          // The default throws from a timer and kills the process; we check before renaming instead.
          onCompromised: (error) => {
            compromisedBy = error;
          },
        });
        return { release, compromised: () => compromisedBy };
      } catch (error) {
        if (errorCode(error) !== 'ELOCKED') throw error;
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

function expandTilde(p: string, homedir: string): string {
  if (p === '~') return homedir;
  if (p.startsWith('~/') || p.startsWith('~\\')) return path.join(homedir, p.slice(2));
  return p;
}

/** Follows symlinks even when the last one dangles (we may be about to create its target). */
async function resolveSymlinks(file: string): Promise<string> {
  let current = path.resolve(file);
  for (let hops = 0; ; hops++) {
    const stat = await fsp.lstat(current).catch(undefinedIfMissing);
    if (!stat?.isSymbolicLink()) break;
    if (hops >= 40) throw Object.assign(new Error(`Too many symbolic links at ${file}`), { code: 'ELOOP' });
    current = path.resolve(path.dirname(current), await fsp.readlink(current));
  }
  // One canonical directory, so every alias of the file shares one lock.
  return path.join(await fsp.realpath(path.dirname(current)), path.basename(current));
}

async function writeAtomically(
  target: string,
  chunks: readonly Uint8Array[],
  owner: fs.Stats | undefined,
  beforeRename: () => void,
): Promise<void> {
  const dir = path.dirname(target);
  const temp = path.join(
    dir,
    `.${path.basename(target)}${TEMP_INFIX}${process.pid}-${crypto.randomBytes(6).toString('hex')}${TEMP_SUFFIX}`,
  );
  let renamed = false;
  try {
    const handle = await fsp.open(temp, 'wx', 0o600);
    try {
      for (const chunk of chunks) {
        for (let written = 0; written < chunk.length;) {
          written += (await handle.write(chunk, written, chunk.length - written)).bytesWritten;
        }
      }
      // The umask can only take bits away from 0600; chmod pins it whatever the umask is.
      await handle.chmod(0o600);
      // Run as root (sudo) on someone's file: give it back to them rather than to root.
      if (owner && process.getuid?.() === 0 && (owner.uid !== 0 || owner.gid !== 0)) {
        await handle.chown(owner.uid, owner.gid).catch(() => undefined);
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    beforeRename();
    await renameReplacing(temp, target);
    renamed = true;
  } finally {
    if (!renamed) await fsp.rm(temp, { force: true }).catch(() => undefined);
  }
  await fsyncDirectory(dir);
}

/** Windows refuses a rename while a scanner or editor briefly holds the file; it clears in milliseconds. */
async function renameReplacing(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await fsp.rename(from, to);
      return;
    } catch (error) {
      const code = errorCode(error);
      const transient = code === 'EPERM' || code === 'EACCES' || code === 'EBUSY';
      if (process.platform !== 'win32' || !transient || attempt >= 10) throw error;
      await sleep(20 * (attempt + 1));
    }
  }
}

async function fsyncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await fsp.open(dir, 'r');
  try {
    await handle.sync();
  } catch (error) {
    // Some file systems cannot fsync a directory; the rename itself has already happened.
    if (!['EINVAL', 'ENOTSUP', 'EISDIR', 'EPERM'].includes(errorCode(error) ?? '')) throw error;
  } finally {
    await handle.close();
  }
}

/** Called with the lock held: any temp file of ours for this file is left over from a crash. */
async function removeOurStaleTempFiles(target: string): Promise<void> {
  const dir = path.dirname(target);
  const prefix = `.${path.basename(target)}${TEMP_INFIX}`;
  const names = await fsp.readdir(dir).catch(() => [] as string[]);
  await Promise.all(
    names
      .filter((name) => name.startsWith(prefix) && name.endsWith(TEMP_SUFFIX))
      .map((name) => fsp.rm(path.join(dir, name), { force: true }).catch(() => undefined)),
  );
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

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

function undefinedIfMissing(error: unknown): undefined {
  if (errorCode(error) === 'ENOENT') return undefined;
  throw error;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
