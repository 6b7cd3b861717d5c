/** The one STS call that turns an IAM user's base keys and an MFA code into a session. */
import type { Clock } from '../clock';
import { MfaTrayError } from '../errors';
import type { BaseKeys, SessionCredentials } from '../keychain/secret-store';
import { ROOT_MAX_DURATION_SECONDS, type Profile, type ProfileStore } from '../profiles';
import type { Note } from '../../shared/notes';
import { codeRecentlyUsed, codeReusedError } from './code-reuse';

/**
 * GetSessionToken for the profile's device; a refused code that worked last time is reported as reused.
 * Returns the session and what the user should know (clock skew, a root session cut short).
 */
export async function requestMfaSession(
  profile: Profile,
  serialNumber: string,
  code: string,
  base: BaseKeys,
  context: { profiles: ProfileStore; clock: Clock; env: NodeJS.ProcessEnv },
): Promise<{ session: SessionCredentials; warnings: Note[] }> {
  const { clock } = context;
  const { getSessionToken } = await import('../aws/sts.js');
  let result;
  try {
    result = await getSessionToken(
      base,
      { serialNumber, tokenCode: code, durationSeconds: profile.durationSeconds },
      { region: profile.region, env: context.env, now: () => clock.now() },
    );
  } catch (error) {
    // AWS answers a reused code exactly like a wrong one; if it is the code that worked last time, say so.
    if (
      error instanceof MfaTrayError &&
      error.kind === 'wrong-code' &&
      codeRecentlyUsed(context.profiles.load().profiles, serialNumber, code, Number.NEGATIVE_INFINITY)
    ) {
      throw codeReusedError(clock.now());
    }
    throw error;
  }
  const session = result.credentials;
  const warnings: Note[] = [];
  if (result.clockSkewed && result.clockOffsetSeconds !== undefined) {
    warnings.push({ code: 'clock-skew', offsetSeconds: result.clockOffsetSeconds });
  }
  const granted = Math.round((Date.parse(session.expiration) - clock.now()) / 1000);
  if (profile.durationSeconds > ROOT_MAX_DURATION_SECONDS && granted <= ROOT_MAX_DURATION_SECONDS + 60) {
    warnings.push({
      code: 'root-session-granted',
      grantedSeconds: granted,
      askedSeconds: profile.durationSeconds,
    });
  }
  return { session, warnings };
}
