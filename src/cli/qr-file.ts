/**
 * `--qr FILE.png|FILE.svg|-` of the MFA set-up commands (AWS devices and SORACOM accounts): where the QR
 * code goes, and the file it is written to. The QR code holds the MFA secret, so the file is a new one of
 * our own (0600, never an existing file nor a symlink), created before the set-up so that a taken name
 * changes nothing.
 */
import path from 'node:path';
import type { NewPrivateFile } from '../core/new-private-file';

export type QrFileKind = 'png' | 'svg';

/** Undefined without --qr; 'terminal' for `-`; else the file's kind from its extension. */
export function qrOutputOf(
  qr: string | undefined,
  UsageError: new (message: string) => Error,
): 'terminal' | QrFileKind | undefined {
  if (qr === undefined) return undefined;
  if (qr === '-') return 'terminal';
  const ext = path.extname(qr).toLowerCase();
  if (ext === '.png') return 'png';
  if (ext === '.svg') return 'svg';
  throw new UsageError('--qr takes a file name ending in .png or .svg, or - for the terminal.');
}

/** `what` names the file in errors, e.g. "the QR code (it holds the MFA secret)". */
export async function createQrFile(file: string, what: string): Promise<NewPrivateFile> {
  const { NewPrivateFile } = await import('../core/new-private-file.js');
  return NewPrivateFile.create(file, what);
}

export async function writeQrFile(file: NewPrivateFile, kind: QrFileKind, uri: string): Promise<void> {
  const { qrPng, qrSvg } = await import('../core/otpauth.js');
  await file.write(kind === 'png' ? await qrPng(uri) : await qrSvg(uri));
}
