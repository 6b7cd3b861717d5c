import { MfaTrayError } from './errors';

/** What we were doing to the file when the system said no; it picks the words. */
export type FileOperation = 'read' | 'lock' | 'write' | 'replace' | 'create-folder';

const DOING: Record<FileOperation, string> = {
  read: 'read',
  lock: 'lock',
  write: 'write',
  replace: 'replace',
  'create-folder': 'create the folder for',
};

export function errnoCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

/**
 * A file-system error as the person at the keyboard needs it: which file, what went wrong, what to do.
 * `file` is the path the user knows (e.g. ~/.aws/credentials, even when it is a symlink); `detailPath`
 * the one the call failed on (the lock directory, the temp file) when that differs. Errors that are
 * already ours, and codes we have no words for, pass through unchanged.
 */
export function toFileError(
  error: unknown,
  file: string,
  operation: FileOperation,
  detailPath: string = file,
): unknown {
  if (error instanceof MfaTrayError) return error;
  const code = errnoCode(error);
  const doing = DOING[operation];
  const unchanged = operation === 'read' ? '' : ' The file was left untouched.';
  const make = (kind: MfaTrayError['kind'], message: string, hint: string) =>
    new MfaTrayError(kind, message, { path: file, hint: hint + unchanged }, { cause: error });
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return make(
        'disk-full',
        `There is no space left for ${file}: its disk is full (or your quota is used up).`,
        'Free some space on that disk, then try again.',
      );
    case 'EROFS':
      return make(
        'file-read-only',
        `Could not ${doing} ${file}: ${detailPath} is on a read-only file system.`,
        'Remount it read-write, or point mfa-tray at a file on a writable disk, then try again.',
      );
    case 'EACCES':
      return make(
        'file-permission',
        operation === 'lock'
          ? `Could not lock ${file}: permission denied creating the lock ${detailPath}.`
          : `Could not ${doing} ${file}: permission denied on ${detailPath}.`,
        `Make its folder writable and the file readable and writable by you (check with ls -ld), then try again.`,
      );
    case 'EPERM':
      return make(
        'file-permission',
        `Could not ${doing} ${file}: the system does not allow changing ${detailPath} (it may be immutable or append-only, or belong to another user).`,
        `Check it with \`ls -l\` and \`lsattr\` (chattr -i lifts the immutable flag), then try again.`,
      );
    case 'EISDIR':
      return make(
        'file-not-regular',
        `${file} is a directory; mfa-tray reads and writes only regular files.`,
        'Move the directory away (or point the environment variable at a file), then try again.',
      );
    case 'ENOENT':
    case 'ENOTDIR':
      return make(
        'file-missing',
        `Could not ${doing} ${file}: ${detailPath} or a folder above it does not exist.`,
        'If it is a symbolic link, point it at a file in a folder that exists (or remove the link), then try again.',
      );
    case 'ELOOP':
      return make(
        'file-missing',
        `Could not ${doing} ${file}: its symbolic links go round in a loop.`,
        'Fix the symbolic links (ls -l shows where each one points), then try again.',
      );
    case 'EMFILE':
    case 'ENFILE':
    case 'EIO':
      return make(
        'file-permission',
        `Could not ${doing} ${file}: the system reported ${code}.`,
        'Try again; if it keeps happening, check the disk and the system log.',
      );
    default:
      return error;
  }
}

/** The type of a non-regular file, in words. */
export function fileTypeWords(stat: {
  isDirectory(): boolean;
  isFIFO(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSocket(): boolean;
  isSymbolicLink(): boolean;
}): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  if (stat.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

export function notRegularFileError(
  file: string,
  actual: string,
  stat: Parameters<typeof fileTypeWords>[0],
): MfaTrayError {
  const what = fileTypeWords(stat);
  const via = actual === file ? '' : ` (it points to ${actual})`;
  return new MfaTrayError(
    'file-not-regular',
    `${file} is ${what}${via}; mfa-tray reads and writes only regular files.`,
    {
      path: file,
      hint: 'Replace it with a regular file (or point the environment variable at one), then try again. The file was left untouched.',
    },
  );
}
