/**
 * SORACOM login and logout. There is no "is this token still valid" call, so the session carries its own
 * expiry: the time we sent /auth plus the timeout we asked for (a little early rather than late).
 */
import { MfaTrayError } from '../errors';
import type { SoracomApiClient, SoracomApiCredentials } from './api-client';
import { checkTokenTimeoutSeconds, DEFAULT_TOKEN_TIMEOUT_SECONDS } from '../rules/soracom-rules';
import { checkCode } from '../rules/code-rules';

/** The three ways /auth takes: root account, SAM user, AuthKey (MFA does not apply to an AuthKey). */
export type SoracomLoginSecret =
  | { kind: 'root'; email: string; password: string }
  | { kind: 'sam'; operatorId: string; userName: string; password: string }
  | { kind: 'authkey'; authKeyId: string; authKey: string };

export interface SoracomSession extends SoracomApiCredentials {
  operatorId: string;
  /** Only for a SAM user. */
  userName?: string;
  /** Epoch ms, our clock: when /auth was sent. */
  issuedAt: number;
  /** Epoch ms: issuedAt + tokenTimeoutSeconds. */
  expiresAt: number;
  tokenTimeoutSeconds: number;
}

export interface SoracomLoginOptions {
  /** The 6-digit code; required by SORACOM when the account has MFA (else 'soracom-code-required'). */
  mfaCode?: string;
  /** 180–172800; default 86400. */
  tokenTimeoutSeconds?: number;
  now?: () => number;
}

interface AuthResponse {
  apiKey?: string;
  operatorId?: string;
  token?: string;
  userName?: string;
}

/** The /auth body, with the field names SORACOM uses (`userName`, not the profile file's `username`). */
export function authRequestBody(
  secret: SoracomLoginSecret,
  options: { mfaCode?: string; tokenTimeoutSeconds?: number } = {},
): Record<string, string | number> {
  const body: Record<string, string | number> =
    secret.kind === 'root'
      ? { email: secret.email, password: secret.password }
      : secret.kind === 'sam'
        ? { operatorId: secret.operatorId, userName: secret.userName, password: secret.password }
        : { authKeyId: secret.authKeyId, authKey: secret.authKey };
  if (options.mfaCode !== undefined && secret.kind !== 'authkey')
    body.mfaOTPCode = checkCode(options.mfaCode);
  if (options.tokenTimeoutSeconds !== undefined)
    body.tokenTimeoutSeconds = checkTokenTimeoutSeconds(options.tokenTimeoutSeconds);
  return body;
}

export async function soracomLogin(
  client: SoracomApiClient,
  secret: SoracomLoginSecret,
  options: SoracomLoginOptions = {},
): Promise<SoracomSession> {
  const tokenTimeoutSeconds = checkTokenTimeoutSeconds(
    options.tokenTimeoutSeconds ?? DEFAULT_TOKEN_TIMEOUT_SECONDS,
  );
  const body = authRequestBody(secret, {
    ...(options.mfaCode !== undefined ? { mfaCode: options.mfaCode } : {}),
    tokenTimeoutSeconds,
  });
  const issuedAt = (options.now ?? Date.now)();
  const { body: answer } = await client.request<AuthResponse>({ method: 'POST', path: '/auth', body });
  if (
    !answer ||
    typeof answer.apiKey !== 'string' ||
    typeof answer.token !== 'string' ||
    !answer.operatorId
  ) {
    throw new MfaTrayError(
      'server',
      `SORACOM (${client.endpoint}) answered /auth without an API key and token.`,
      {
        endpoint: client.endpoint,
      },
    );
  }
  return {
    apiKey: answer.apiKey,
    token: answer.token,
    operatorId: answer.operatorId,
    ...(typeof answer.userName === 'string' ? { userName: answer.userName } : {}),
    issuedAt,
    expiresAt: issuedAt + tokenTimeoutSeconds * 1000,
    tokenTimeoutSeconds,
  };
}

/**
 * Ends the token at SORACOM. A token that has already expired (401) counts as logged out: the caller
 * forgets it either way.
 */
export async function soracomLogout(
  client: SoracomApiClient,
  credentials: SoracomApiCredentials,
): Promise<{ alreadyExpired: boolean }> {
  try {
    await client.request({ method: 'POST', path: '/auth/logout', credentials });
    return { alreadyExpired: false };
  } catch (error) {
    if (error instanceof MfaTrayError && error.kind === 'no-session') return { alreadyExpired: true };
    throw error;
  }
}
