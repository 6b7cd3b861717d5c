import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { MfaTrayError } from './errors';
import { errnoCode, toFileError } from './file-errors';

/**
 * A file that did not exist before we created it, readable only by us: for output that holds a secret
 * (a QR code with an MFA seed). O_EXCL fails on anything already at the path — a file another user
 * created beforehand (and could still read), or a symlink (dangling or not) pointing somewhere else — so
 * nobody but us ever holds the bytes. O_NOFOLLOW says the same for systems that look at it first.
 */
export class NewPrivateFile {
  private written = false;

  private constructor(
    readonly path: string,
    private readonly handle: fsp.FileHandle,
    private readonly ino: number,
  ) {}

  /** Creates `file` empty with mode 0600, or refuses with 'file-exists' if anything is there. */
  static async create(file: string, what: string): Promise<NewPrivateFile> {
    const flags =
      fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0);
    let handle: fsp.FileHandle;
    try {
      handle = await fsp.open(file, flags, 0o600);
    } catch (error) {
      if (errnoCode(error) === 'EEXIST' || errnoCode(error) === 'ELOOP') {
        const isLink = (await fsp.lstat(file).catch(() => undefined))?.isSymbolicLink();
        throw new MfaTrayError(
          'file-exists',
          `${file} already exists${isLink ? ' (as a symbolic link)' : ''}; mfa-tray writes ${what} only to a new file that it creates itself, readable only by you.`,
          {
            path: file,
            hint: `Give a name that does not exist yet (or delete ${file} first), then try again.`,
          },
          { cause: error },
        );
      }
      throw toFileError(error, file, 'write');
    }
    try {
      // The umask may have taken bits away; pin exactly 0600 on what we opened.
      await handle.chmod(0o600);
      return new NewPrivateFile(file, handle, (await handle.stat()).ino);
    } catch (error) {
      await handle.close().catch(() => undefined);
      await fsp.rm(file, { force: true }).catch(() => undefined);
      throw toFileError(error, file, 'write');
    }
  }

  /** Writes all of `data`, flushes it to disk and closes the file. On failure the file is removed. */
  async write(data: string | Uint8Array): Promise<void> {
    try {
      await this.handle.writeFile(data);
      await this.handle.sync();
      await this.handle.close();
      this.written = true;
    } catch (error) {
      await this.discard();
      throw toFileError(error, this.path, 'write');
    }
  }

  /** Removes the file if it is still the one we created and nothing was written to it successfully. */
  async discard(): Promise<void> {
    if (this.written) return;
    await this.handle.close().catch(() => undefined);
    const now = await fsp.lstat(this.path).catch(() => undefined);
    if (now?.ino === this.ino) await fsp.rm(this.path, { force: true }).catch(() => undefined);
  }
}
