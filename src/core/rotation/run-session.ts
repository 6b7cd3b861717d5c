/**
 * One MFA session for a whole run (a key or Funnel rotation): the cached one if it outlives the run, else
 * one login with a code asked once.
 */
import type { SessionCredentials } from '../keychain/secret-store';
import type { Profile } from '../profiles';
import { MIN_ROTATION_SESSION_VALIDITY_MS } from '../rules/session-rules';

export interface SessionSource {
  cachedSession(name: string, minValidityMs?: number): Promise<SessionCredentials | undefined>;
  login(name: string, code: string): Promise<unknown>;
}

/** Undefined when the profile has no device or no code can be asked (the run then uses base keys). */
export async function runSession(
  sessions: SessionSource,
  profile: Profile,
  codeProvider: ((profile: Profile) => Promise<string>) | undefined,
): Promise<SessionCredentials | undefined> {
  const cached = await sessions.cachedSession(profile.name, MIN_ROTATION_SESSION_VALIDITY_MS);
  if (cached || !profile.mfaSerial || !codeProvider) return cached;
  await sessions.login(profile.name, await codeProvider(profile));
  return sessions.cachedSession(profile.name);
}
