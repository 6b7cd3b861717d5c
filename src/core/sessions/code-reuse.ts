/** AWS takes each MFA code once per device, and answers a reused one exactly like a wrong one. */
import { MfaTrayError } from '../errors';
import type { StoredProfile } from '../profiles';
import { CODE_REUSE_WINDOW_MS, hashCode, secondsUntilNextCode } from '../totp';

/**
 * Whether `code` was used for the MFA device `serial` within the reuse window — by any profile: two
 * profiles may log in with the same device. `nowMs` -Infinity: ever (the last code remembered).
 */
export function codeRecentlyUsed(
  profiles: readonly StoredProfile[],
  serial: string,
  code: string,
  nowMs: number,
): boolean {
  const hash = hashCode(serial, code);
  return profiles.some(
    (p) =>
      p.kind === 'aws' &&
      p.mfaSerial === serial &&
      p.lastCode?.hash === hash &&
      (nowMs === Number.NEGATIVE_INFINITY || nowMs - Date.parse(p.lastCode.usedAt) < CODE_REUSE_WINDOW_MS),
  );
}

export function codeReusedError(nowMs: number): MfaTrayError {
  const wait = secondsUntilNextCode(nowMs);
  return new MfaTrayError('code-reused', `That code was already used; AWS accepts each code only once.`, {
    secondsUntilNextCode: wait,
    hint: `Wait for the next code (in ${wait} s) and enter that one.`,
  });
}
