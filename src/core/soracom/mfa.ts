/**
 * SORACOM MFA set-up for a root account or a SAM user: enable (→ an otpauth:// URI with a new seed),
 * verify with a first code (root gets backup codes; SAM nothing), status. The URI's shape is not
 * documented, so it is parsed as a URL, not matched against a pattern.
 */
import { MfaTrayError } from '../errors';
import { normaliseSeed } from '../otpauth';
import { encodePathSegment, type SoracomApiClient, type SoracomApiCredentials } from './api-client';
import { checkCode } from '../rules/code-rules';
import type { SoracomMfaStatus } from '../../shared/dto/soracom';

export type SoracomMfaTarget =
  { kind: 'root'; operatorId: string } | { kind: 'sam'; operatorId: string; userName: string };
/** SORACOM's MFA states: declared once, with the DTOs (src/shared/dto/soracom.ts). */
export type { SoracomMfaStatus };

export interface TotpUriParts {
  /** Base32, upper case, no padding. */
  secret: string;
  issuer: string | undefined;
  /** The label after "issuer:", or the whole label. */
  account: string;
  period: number;
  digits: number;
  algorithm: string;
}

export interface SoracomMfaEnableResult extends TotpUriParts {
  /** Keep in memory only, for the QR code; it holds the seed. */
  totpUri: string;
}

/** The MFA target of a logged-in session: itself (root or SAM user). */
export function mfaTargetOf(session: { operatorId: string; userName?: string }): SoracomMfaTarget {
  return session.userName !== undefined
    ? { kind: 'sam', operatorId: session.operatorId, userName: session.userName }
    : { kind: 'root', operatorId: session.operatorId };
}

function mfaPath(target: SoracomMfaTarget): string {
  const op = `/operators/${encodePathSegment(target.operatorId)}`;
  return target.kind === 'root' ? `${op}/mfa` : `${op}/users/${encodePathSegment(target.userName)}/mfa`;
}

/** Parses an otpauth://totp/ URI (RFC 6238 key-uri format) with the WHATWG URL parser. */
export function parseTotpUri(uri: string): TotpUriParts {
  let url: URL;
  try {
    url = new URL(uri.trim());
  } catch {
    throw new MfaTrayError('server', 'SORACOM sent an MFA set-up URI that is not a URI.');
  }
  // Non-special schemes keep "//totp" as host: otpauth://totp/Label → host "totp", pathname "/Label".
  if (url.protocol !== 'otpauth:' || url.host.toLowerCase() !== 'totp') {
    throw new MfaTrayError('server', 'SORACOM sent an MFA set-up URI that is not otpauth://totp/.');
  }
  const label = decodeURIComponent(url.pathname.replace(/^\//, ''));
  const secret = normaliseSeed(url.searchParams.get('secret') ?? '');
  if (!secret) throw new MfaTrayError('server', 'SORACOM sent an MFA set-up URI without a base32 secret.');
  const colon = label.indexOf(':');
  const issuer = url.searchParams.get('issuer') ?? (colon >= 0 ? label.slice(0, colon) : undefined);
  const period = Number(url.searchParams.get('period') ?? '30');
  const digits = Number(url.searchParams.get('digits') ?? '6');
  const algorithm = (url.searchParams.get('algorithm') ?? 'SHA1').toUpperCase();
  if (!Number.isInteger(period) || period <= 0 || !Number.isInteger(digits) || digits < 6 || digits > 8) {
    throw new MfaTrayError('server', 'SORACOM sent an MFA set-up URI with an unusual period or digit count.');
  }
  return {
    secret,
    issuer,
    account: colon >= 0 ? label.slice(colon + 1).trim() : label,
    period,
    digits,
    algorithm,
  };
}

export async function enableSoracomMfa(
  client: SoracomApiClient,
  credentials: SoracomApiCredentials,
  target: SoracomMfaTarget,
): Promise<SoracomMfaEnableResult> {
  const { body } = await client.request<{ totpUri?: unknown }>({
    method: 'POST',
    path: mfaPath(target),
    credentials,
  });
  if (typeof body?.totpUri !== 'string')
    throw new MfaTrayError('server', 'SORACOM enabled MFA but sent no totpUri.');
  return { totpUri: body.totpUri, ...parseTotpUri(body.totpUri) };
}

/** Completes enableSoracomMfa with a first code. Root accounts get backup codes (show them once). */
export async function verifySoracomMfa(
  client: SoracomApiClient,
  credentials: SoracomApiCredentials,
  target: SoracomMfaTarget,
  code: string,
): Promise<{ backupCodes: string[] }> {
  const { body } = await client.request<{ backupCodes?: unknown } | undefined>({
    method: 'POST',
    path: `${mfaPath(target)}/verify`,
    credentials,
    body: { mfaOTPCode: checkCode(code) },
  });
  const codes = body?.backupCodes;
  return { backupCodes: Array.isArray(codes) ? codes.filter((c): c is string => typeof c === 'string') : [] };
}

export async function getSoracomMfaStatus(
  client: SoracomApiClient,
  credentials: SoracomApiCredentials,
  target: SoracomMfaTarget,
): Promise<SoracomMfaStatus> {
  const { body } = await client.request<{ status?: unknown }>({
    method: 'GET',
    path: mfaPath(target),
    credentials,
  });
  const status = body?.status;
  if (status === 'ACTIVE' || status === 'INACTIVE' || status === 'UNCONFIRMED') return status;
  throw new MfaTrayError('server', `SORACOM answered an unknown MFA status (${String(status)}).`);
}
