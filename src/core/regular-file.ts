import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { MfaTrayError } from './errors';
import { errnoCode, notRegularFileError, toFileError } from './file-errors';

/**
 * Opening a FIFO for reading blocks until someone writes to it, and opening a device can do things: so
 * we stat first and open only regular files, non-blocking, and check again on the open descriptor (the
 * path may have been swapped in between).
 */
const READ_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOCTTY ?? 0);

/**
 * The bytes of `file` (symlinks followed), or undefined when there is no file (a dangling symlink
 * included: the AWS CLI reads that as "no file" too). Anything but a regular file is refused with
 * 'file-not-regular'; other failures become typed errors naming the path.
 */
export async function readRegularFile(file: string, name = file): Promise<Buffer | undefined> {
  try {
    const stat = await fsp.stat(file).catch(undefinedIfMissing);
    if (!stat) return undefined;
    if (!stat.isFile()) throw notRegularFileError(name, await realpathOr(file), stat);
    const handle = await fsp.open(file, READ_FLAGS);
    try {
      const opened = await handle.stat();
      if (!opened.isFile()) throw notRegularFileError(name, await realpathOr(file), opened);
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw toFileError(error, name, 'read', file);
  }
}

/** As readRegularFile, synchronously (for the readers that cannot wait). */
export function readRegularFileSync(file: string): Buffer | undefined {
  try {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch (error) {
      return undefinedIfMissing(error);
    }
    if (!stat.isFile()) throw notRegularFileError(file, realpathSyncOr(file), stat);
    const fd = fs.openSync(file, READ_FLAGS);
    try {
      const opened = fs.fstatSync(fd);
      if (!opened.isFile()) throw notRegularFileError(file, realpathSyncOr(file), opened);
      return fs.readFileSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    throw toFileError(error, file, 'read');
  }
}

/**
 * Before editing `actual` (the file `file` names, symlinks resolved): it must be a regular file or absent.
 * Returns its lstat, or undefined when there is none.
 */
export async function assertRegularOrMissing(file: string, actual: string): Promise<fs.Stats | undefined> {
  let stat: fs.Stats | undefined;
  try {
    stat = await fsp.lstat(actual).catch(undefinedIfMissing);
  } catch (error) {
    throw toFileError(error, file, 'read', actual);
  }
  if (stat && !stat.isFile()) throw notRegularFileError(file, actual, stat);
  return stat;
}

/**
 * Before replacing a file: a read-only file (no owner write bit) is the user's way of saying "do not
 * change this" — even to root, who could.
 */
export function assertWritable(file: string, actual: string, stat: fs.Stats): void {
  if (process.platform === 'win32' || (stat.mode & 0o200) !== 0) return;
  const mode = (stat.mode & 0o777).toString(8).padStart(4, '0');
  const where = actual === file ? file : `${file} (${actual})`;
  throw new MfaTrayError(
    'file-read-only',
    `${where} is read-only (mode ${mode}); mfa-tray will not replace it.`,
    {
      path: file,
      hint: `If mfa-tray may change it, make it writable (chmod u+w ${actual}) and try again. The file was left untouched.`,
    },
  );
}

async function realpathOr(file: string): Promise<string> {
  return fsp.realpath(file).catch(() => file);
}

function realpathSyncOr(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}

function undefinedIfMissing(error: unknown): undefined {
  if (errnoCode(error) === 'ENOENT') return undefined;
  throw error;
}
