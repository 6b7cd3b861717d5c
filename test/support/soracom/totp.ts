// TOTP for the SORACOM emulator, with otplib (RFC 6238: SHA-1, 6 digits, 30-s steps) as the AWS test layer
// uses it. Time comes from the emulator's clock, so tests compute codes for any moment without waiting.
import { randomBytes } from 'node:crypto';
import { TOTP_PERIOD_SECONDS, totpCode, totpStep } from '../totp';

export { TOTP_PERIOD_SECONDS };
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A fresh 160-bit seed in base32 (32 characters), as authenticator apps expect. */
export function newSeed(): string {
  const bytes = randomBytes(20);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

export const stepAt = totpStep;

/** What a phone shows for `seed` at `ms`. */
export function codeAt(seed: string, ms: number): string {
  return totpCode(seed, ms);
}

export type CodeCheck = 'ok' | 'wrong' | 'reused';

/**
 * Accepts the code of the current step or one step either side, once: a code accepted for a seed is
 * refused again while it is still valid (its step is remembered).
 */
export class TotpChecker {
  private readonly used = new Map<string, Set<number>>();

  check(seed: string, code: string, nowMs: number): CodeCheck {
    const current = stepAt(nowMs);
    for (const step of [current - 1, current, current + 1]) {
      if (codeAt(seed, step * TOTP_PERIOD_SECONDS * 1000) !== code) continue;
      const used = this.used.get(seed) ?? new Set<number>();
      if (used.has(step)) return 'reused';
      used.add(step);
      for (const old of used) if (old < current - 2) used.delete(old);
      this.used.set(seed, used);
      return 'ok';
    }
    return 'wrong';
  }
}
