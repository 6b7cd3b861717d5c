/**
 * The SORACOM side of a Funnel rotation needs a logged-in SORACOM profile: an API client for its endpoint
 * and the API key + token. Logging in is the SORACOM profile kind's business (`mfa-tray login NAME`); the
 * rotation reads the session it keeps (SoracomAccounts.apiSession) through this seam, which tests fake.
 */
import type { SoracomApiClient, SoracomApiCredentials } from '../soracom/api-client';

export interface SoracomSessionSource {
  session(name: string): Promise<{ client: SoracomApiClient; credentials: SoracomApiCredentials }>;
}

/** A session shorter-lived than this could expire in the middle of a rotation. */
export { MIN_ROTATION_SESSION_VALIDITY_MS as MIN_SORACOM_VALIDITY_MS } from '../rules/session-rules';
