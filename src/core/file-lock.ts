import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { errnoCode } from './file-errors';

/**
 * proper-lockfile's `<file>.lock` directories, plus an `owner` file inside naming the process that holds
 * the lock. proper-lockfile alone can only tell a crashed holder by the lock's age (its `stale` time,
 * seconds of waiting after every kill -9); with the owner recorded, a lock whose holder is gone is taken
 * at once. The owner's liveness is checked with kill(pid, 0) and, on Linux, its start time (pids are
 * reused); a lock from another host, or without an owner file, still goes by age.
 */
export interface FileLockOptions {
  /** A lock not refreshed for this long is taken over even if its owner looks alive. Floor 2 s. */
  stale: number;
  retries?: lockfile.LockOptions['retries'];
  onCompromised?: (error: Error) => void;
}

export const OWNER_FILE = 'owner';

interface Owner {
  pid: number;
  host: string;
  /** Linux: the process's start time in clock ticks since boot (/proc/PID/stat field 22). */
  start?: string;
  nonce: string;
}

export async function lockFile(file: string, options: FileLockOptions): Promise<() => Promise<void>> {
  return lockfile.lock(file, {
    realpath: false,
    stale: options.stale,
    retries: options.retries ?? 0,
    ...(options.onCompromised ? { onCompromised: options.onCompromised } : {}),
    fs: ownerRecordingFs,
  });
}

/** Whether the process that wrote `owner` has certainly ended (false when we cannot tell). */
export function ownerIsGone(owner: { pid: number; host: string; start?: string }): boolean {
  if (owner.host !== os.hostname() || owner.pid === process.pid) return false;
  if (!Number.isInteger(owner.pid) || owner.pid <= 0) return false;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return errnoCode(error) === 'ESRCH';
  }
  // Alive — unless the pid now belongs to a process that started later than the owner did.
  if (owner.start === undefined) return false;
  const start = processStart(owner.pid);
  return start !== undefined && start !== owner.start;
}

/** Whether a process with this pid runs (for temp files named after their writer's pid). */
export function pidIsGone(pid: number): boolean {
  return ownerIsGone({ pid, host: os.hostname() });
}

function processStart(pid: number): string | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
    // The command name (field 2) is in parentheses and may contain spaces: count from its end.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

const ownStart = processStart(process.pid);

function readOwner(lockDir: string): (Owner & { raw: string }) | undefined {
  try {
    const raw = fs.readFileSync(path.join(lockDir, OWNER_FILE), 'utf8');
    const parsed = JSON.parse(raw) as Partial<Owner>;
    if (typeof parsed.pid !== 'number' || typeof parsed.host !== 'string') return undefined;
    return { ...(parsed as Owner), raw };
  } catch {
    return undefined;
  }
}

/** Lock directories whose owner we found dead, with the owner text we saw, until we remove them. */
const judgedStale = new Map<string, string>();

type Callback<T = void> = (error: NodeJS.ErrnoException | null, value?: T) => void;

/**
 * The fs proper-lockfile calls (mkdir, stat, rmdir, utimes; rmdirSync at exit): creating a lock also
 * writes the owner file, removing one removes it first, and stat reports a lock with a dead owner as
 * ancient so that proper-lockfile's own stale path takes it over.
 */
const ownerRecordingFs = {
  ...fs,
  mkdir(dir: string, callback: Callback): void {
    fs.mkdir(dir, (error) => {
      if (error) return callback(error);
      const owner: Owner = {
        pid: process.pid,
        host: os.hostname(),
        ...(ownStart !== undefined ? { start: ownStart } : {}),
        nonce: crypto.randomBytes(8).toString('hex'),
      };
      fs.writeFile(
        path.join(dir, OWNER_FILE),
        JSON.stringify(owner) + '\n',
        { mode: 0o600 },
        (writeError) => {
          if (!writeError) return callback(null);
          // No owner, no lock (a full disk ends here): leave nothing behind.
          fs.rm(path.join(dir, OWNER_FILE), { force: true }, () => fs.rmdir(dir, () => callback(writeError)));
        },
      );
    });
  },
  stat(target: string, callback: Callback<fs.Stats>): void {
    fs.stat(target, (error, stat) => {
      if (error) return callback(error);
      const owner = stat.isDirectory() ? readOwner(target) : undefined;
      if (owner && ownerIsGone(owner)) {
        judgedStale.set(target, owner.raw);
        return callback(null, Object.assign(Object.create(stat) as fs.Stats, { mtime: new Date(0) }));
      }
      callback(null, stat);
    });
  },
  rmdir(dir: string, callback: Callback): void {
    const ownerFile = path.join(dir, OWNER_FILE);
    const staleOwner = judgedStale.get(dir);
    judgedStale.delete(dir);
    if (staleOwner === undefined) {
      // Our own lock (or an ownerless one gone stale by age).
      fs.rm(ownerFile, { force: true }, () => fs.rmdir(dir, callback));
      return;
    }
    // Taking over a dead owner's lock. Claim its owner file by renaming it (only one taker can), and
    // check it is still the dead one: another taker may have replaced the whole lock in the meantime.
    const claimed = `${ownerFile}.${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
    fs.rename(ownerFile, claimed, (renameError) => {
      if (renameError) return callback(errnoCode(renameError) === 'ENOENT' ? busy(dir) : renameError);
      fs.readFile(claimed, 'utf8', (_readError, text) => {
        if (text !== staleOwner) {
          fs.rename(claimed, ownerFile, () => callback(busy(dir)));
          return;
        }
        fs.rm(claimed, { force: true }, () => fs.rmdir(dir, callback));
      });
    });
  },
  rmdirSync(dir: string): void {
    fs.rmSync(path.join(dir, OWNER_FILE), { force: true });
    fs.rmdirSync(dir);
  },
};

function busy(dir: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`Lock file is already being held: ${dir}`), { code: 'ELOCKED' });
}
