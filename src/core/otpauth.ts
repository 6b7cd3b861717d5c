/**
 * The otpauth:// URI of an AWS virtual MFA device and its QR code, built from the device's Base32 seed the
 * way AWS's own QR code encodes it. We never use CreateVirtualMFADevice's QRCodePNG: some IAM-compatible
 * endpoints answer junk there, and rendering it ourselves gives one code path for the tray and the CLI.
 *
 * Everything here handles the seed: callers keep the results in memory, only for the setup, and never
 * log or store them (except the opt-in built-in authenticator, which keeps the seed in the keychain).
 */
import { MfaTrayError } from './errors';

export const AWS_OTP_ISSUER = 'Amazon Web Services';

/** RFC 4648 base32 alphabet, as AWS sends seeds (64 characters, upper case, no padding). */
const BASE32_PATTERN = /^[A-Z2-7]+=*$/;

/** QR rendering: medium error correction, the standard 4-module quiet zone, big enough for a phone camera. */
export const QR_OPTIONS = { errorCorrectionLevel: 'M', margin: 4 } as const;
export const QR_PNG_WIDTH = 360;
export const QR_SVG_WIDTH = 288;

export interface OtpauthParts {
  /** `Amazon Web Services:<device>@<account>` in AWS's QR codes. */
  label: string;
  issuer: string | undefined;
  secret: string;
  /** The part of the label after "<issuer>:", when there is one. */
  account: string;
}

/**
 * Normalises a seed as people paste it ("abcd efgh …", lower case, padding) to AWS's form, or undefined when
 * it is not base32.
 */
export function normaliseSeed(input: string): string | undefined {
  const seed = input.replace(/[\s-]/g, '').toUpperCase().replace(/=+$/, '');
  return seed.length >= 16 && BASE32_PATTERN.test(seed) ? seed : undefined;
}

/** The Base32StringSeed blob of CreateVirtualMFADevice: bytes that are the ASCII base32 text. */
export function seedFromAwsBlob(blob: Uint8Array | string | undefined): string {
  const text = typeof blob === 'string' ? blob : blob ? Buffer.from(blob).toString('ascii') : '';
  const seed = normaliseSeed(text);
  if (!seed) {
    throw new MfaTrayError(
      'server',
      'AWS created the MFA device but sent no usable secret (Base32StringSeed).',
      {
        hint: 'Delete the unfinished device (`mfa-tray mfa list` shows it as unassigned) and try again.',
      },
    );
  }
  return seed;
}

/**
 * `otpauth://totp/Amazon%20Web%20Services:<device>@<account>?secret=…&issuer=Amazon%20Web%20Services`,
 * as AWS encodes it, so the entry looks the same in the authenticator app as one set up in the console.
 */
export function otpauthUri(input: { seedBase32: string; deviceName: string; account: string }): string {
  const seed = normaliseSeed(input.seedBase32);
  if (!seed) throw new MfaTrayError('invalid-input', 'That is not a base32 MFA secret.');
  const issuer = encodeURIComponent(AWS_OTP_ISSUER);
  const label = `${issuer}:${encodeURIComponent(input.deviceName)}@${encodeURIComponent(input.account)}`;
  return `otpauth://totp/${label}?secret=${seed}&issuer=${issuer}`;
}

/** Reads an otpauth://totp URI back (for tests, and for a seed pasted as a URI). */
export function parseOtpauthUri(uri: string): OtpauthParts {
  const match = /^otpauth:\/\/totp\/([^?]*)\?(.*)$/i.exec(uri.trim());
  if (!match) throw new MfaTrayError('invalid-input', 'That is not an otpauth://totp/ URI.');
  const label = decodeURIComponent(match[1]);
  const params = new URLSearchParams(match[2]);
  const secret = normaliseSeed(params.get('secret') ?? '');
  if (!secret) throw new MfaTrayError('invalid-input', 'The otpauth URI has no base32 secret.');
  const colon = label.indexOf(':');
  return {
    label,
    issuer: params.get('issuer') ?? (colon >= 0 ? label.slice(0, colon) : undefined),
    secret,
    account: colon >= 0 ? label.slice(colon + 1) : label,
  };
}

/** The seed in groups of four, for typing it into an app by hand ("can't scan?"). */
export function formatSeedForTyping(seedBase32: string): string {
  return (seedBase32.match(/.{1,4}/g) ?? []).join(' ');
}

async function qrcode() {
  return import('qrcode');
}

export async function qrSvg(uri: string): Promise<string> {
  return (await qrcode()).toString(uri, { ...QR_OPTIONS, type: 'svg', width: QR_SVG_WIDTH });
}

export async function qrPng(uri: string): Promise<Buffer> {
  return (await qrcode()).toBuffer(uri, { ...QR_OPTIONS, type: 'png', width: QR_PNG_WIDTH });
}

export async function qrPngDataUrl(uri: string): Promise<string> {
  return (await qrcode()).toDataURL(uri, { ...QR_OPTIONS, type: 'image/png', width: QR_PNG_WIDTH });
}

/** Half-block characters: two modules per line of text, so the code fits a normal terminal. */
export async function qrTerminal(uri: string): Promise<string> {
  return (await qrcode()).toString(uri, { ...QR_OPTIONS, type: 'terminal', small: true });
}

/** What a setup screen shows: an SVG and a PNG data URL of the same QR code. */
export async function renderQr(uri: string): Promise<{ svg: string; pngDataUrl: string }> {
  const [svg, pngDataUrl] = await Promise.all([qrSvg(uri), qrPngDataUrl(uri)]);
  return { svg, pngDataUrl };
}
