import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pidIsGone } from './file-lock';

/** Our temp files: `.<name>.mfa-tray-<pid>-<hex>.tmp` beside the file they replace. */
const TEMP_INFIX = '.mfa-tray-';
const TEMP_SUFFIX = '.tmp';

export interface AtomicWriteOptions {
  /** Default 0600: everything we write is the user's and nobody else's. */
  mode?: number;
  /** The replaced file's stat: when running as root on someone's file, give the new one back to them. */
  owner?: fs.Stats;
  /** Last check before the rename (e.g. that our lock still holds); throwing leaves the file untouched. */
  beforeRename?: () => void;
}

/**
 * Replaces `target` so that a reader, a crash or kill -9 sees either the old or the new bytes, never a
 * mix: write a temp file beside it, fsync, rename over, fsync the directory.
 */
export async function writeFileAtomic(
  target: string,
  data: string | Uint8Array | readonly Uint8Array[],
  options: AtomicWriteOptions = {},
): Promise<void> {
  const chunks = typeof data === 'string' ? [Buffer.from(data)] : data instanceof Uint8Array ? [data] : data;
  const mode = options.mode ?? 0o600;
  const dir = path.dirname(target);
  const temp = path.join(
    dir,
    `.${path.basename(target)}${TEMP_INFIX}${process.pid}-${crypto.randomBytes(6).toString('hex')}${TEMP_SUFFIX}`,
  );
  let renamed = false;
  try {
    const handle = await fsp.open(temp, 'wx', mode);
    try {
      for (const chunk of chunks) {
        for (let written = 0; written < chunk.length;) {
          written += (await handle.write(chunk, written, chunk.length - written)).bytesWritten;
        }
      }
      // The umask can only take bits away from the mode; chmod pins it whatever the umask is.
      await handle.chmod(mode);
      const owner = options.owner;
      if (owner && process.getuid?.() === 0 && (owner.uid !== 0 || owner.gid !== 0)) {
        await handle.chown(owner.uid, owner.gid).catch(() => undefined);
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    options.beforeRename?.();
    await renameReplacing(temp, target);
    renamed = true;
  } finally {
    if (!renamed) await fsp.rm(temp, { force: true }).catch(() => undefined);
  }
  await fsyncDirectory(dir);
}

/** A temp file whose writer still runs may be a write in progress; after this long it is junk anyway. */
const ABANDONED_TEMP_AGE_MS = 60 * 60 * 1000;

/**
 * Call with the file's lock held: removes our temp files for `target` left over from a crash — those
 * whose writer (the pid in the name) has ended, or that are older than any write could take.
 */
export async function removeOurStaleTempFiles(target: string, nowMs = Date.now()): Promise<void> {
  const dir = path.dirname(target);
  const prefix = `.${path.basename(target)}${TEMP_INFIX}`;
  const names = await fsp.readdir(dir).catch(() => [] as string[]);
  await Promise.all(
    names
      .filter((name) => name.startsWith(prefix) && name.endsWith(TEMP_SUFFIX))
      .map(async (name) => {
        const file = path.join(dir, name);
        const pid = Number(/^(\d+)-/.exec(name.slice(prefix.length))?.[1]);
        const stat = await fsp.lstat(file).catch(() => undefined);
        if (!stat?.isFile()) return;
        const writerGone = Number.isInteger(pid) && pid !== process.pid && pidIsGone(pid);
        if (writerGone || nowMs - stat.mtimeMs > ABANDONED_TEMP_AGE_MS) {
          await fsp.rm(file, { force: true }).catch(() => undefined);
        }
      }),
  );
}

/** Windows refuses a rename while a scanner or editor briefly holds the file; it clears in milliseconds. */
async function renameReplacing(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await fsp.rename(from, to);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const transient = code === 'EPERM' || code === 'EACCES' || code === 'EBUSY';
      if (process.platform !== 'win32' || !transient || attempt >= 10) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * (attempt + 1)));
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
    if (!['EINVAL', 'ENOTSUP', 'EISDIR', 'EPERM'].includes((error as NodeJS.ErrnoException).code ?? ''))
      throw error;
  } finally {
    await handle.close();
  }
}
