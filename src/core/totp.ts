import crypto from 'node:crypto';

/** AWS virtual MFA devices are RFC 6238 TOTP: 6 digits, 30-second steps, SHA-1. */
export const TOTP_PERIOD_SECONDS = 30;
export { CODE_PATTERN, normaliseCode } from './rules/code-rules';

/** Seconds until the authenticator shows its next code (1..30). */
export function secondsUntilNextCode(nowMs: number): number {
  return TOTP_PERIOD_SECONDS - (Math.floor(nowMs / 1000) % TOTP_PERIOD_SECONDS);
}

/** A used code is worthless after ~90 s, but there is no reason to store it in the clear either. */
export function hashCode(serial: string, code: string): string {
  return crypto.createHash('sha256').update(`${serial}\n${code}`).digest('hex').slice(0, 32);
}

/** How long a used code stays "used": AWS accepts the current window ±1, so three windows. */
export const CODE_REUSE_WINDOW_MS = 3 * TOTP_PERIOD_SECONDS * 1000;

/** The code an authenticator app shows for `seedBase32` at `atMs` (used by the opt-in built-in authenticator). */
export async function generateCode(seedBase32: string, atMs: number): Promise<string> {
  const { generate } = await import('otplib');
  return generate({ secret: seedBase32, epoch: Math.floor(atMs / 1000) });
}
