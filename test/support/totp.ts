// TOTP as the test services and the tests' "phone" compute it: 30-s windows, 6 digits, SHA-1 (otplib's
// defaults, like AWS virtual MFA devices and SORACOM). Shared by the AWS validating layer (checking codes), the
// AWS fixtures (enabling devices) and the SORACOM emulator (soracom/totp.ts).

import { setTimeout as sleep } from 'node:timers/promises';
import { generateSync, verifySync } from 'otplib';

export const TOTP_PERIOD_SECONDS = 30;

/** What a phone shows for the seed at the given time (default now). */
export function totpCode(seedBase32: string, at: Date | number = Date.now()): string {
  const ms = at instanceof Date ? at.getTime() : at;
  return generateSync({ secret: seedBase32, epoch: Math.floor(ms / 1000) });
}

/** The number of the 30-s window `ms` falls in. */
export function totpStep(ms: number): number {
  return Math.floor(ms / 1000 / TOTP_PERIOD_SECONDS);
}

export function codeForStep(seedBase32: string, step: number): string {
  return generateSync({ secret: seedBase32, epoch: step * TOTP_PERIOD_SECONDS });
}

/** The time step whose code matches, within ±1 window of `nowMs`. */
export function matchingStep(seedBase32: string, tokenCode: string, nowMs: number): number | undefined {
  try {
    const result = verifySync({
      secret: seedBase32,
      token: tokenCode,
      epoch: Math.floor(nowMs / 1000),
      epochTolerance: TOTP_PERIOD_SECONDS,
    });
    return result.valid && 'timeStep' in result ? result.timeStep : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Sleeps until the current 30-s window (of real time + clockOffsetSeconds) has at least minSecondsLeft
 * left, so a code computed now is still current when the layer checks it.
 */
export async function waitForFreshWindow(minSecondsLeft = 5, clockOffsetSeconds = 0): Promise<void> {
  const neededMs = Math.min(Math.max(minSecondsLeft, 0), TOTP_PERIOD_SECONDS - 1) * 1000;
  const periodMs = TOTP_PERIOD_SECONDS * 1000;
  const nowMs = Date.now() + clockOffsetSeconds * 1000;
  const leftMs = periodMs - (((nowMs % periodMs) + periodMs) % periodMs);
  if (leftMs < neededMs) await sleep(leftMs + 50);
}
