import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

export const ZBARIMG = '/usr/bin/zbarimg';

/** What a phone camera reads from a QR image file (PNG), via zbar. */
export async function decodeQrFile(file: string): Promise<string> {
  const { stdout } = await promisify(execFile)(ZBARIMG, ['--quiet', '--raw', file], { encoding: 'utf8' });
  return stdout.replace(/\n$/, '');
}

/** The same for a `data:image/png;base64,…` URL (what the setup screen shows). */
export async function decodeQrDataUrl(dataUrl: string): Promise<string> {
  const match = /^data:image\/png;base64,(.+)$/.exec(dataUrl);
  if (!match) throw new Error('not a PNG data URL');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mfa-tray-qr-'));
  try {
    const file = path.join(dir, 'qr.png');
    fs.writeFileSync(file, Buffer.from(match[1], 'base64'));
    return await decodeQrFile(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
