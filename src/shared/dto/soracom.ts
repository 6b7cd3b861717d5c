/**
 * SORACOM accounts: adding, editing and MFA set-up.
 * No Node or Electron imports: main, preload and renderer import this.
 */

import type { CoverageType, SoracomAuthMode } from '../../core/rules/soracom-rules';
import type { ProfileDto } from './profiles';

export type SoracomAuthModeDto = SoracomAuthMode;

/** An account's MFA state as SORACOM reports it. */
export type SoracomMfaStatus = 'ACTIVE' | 'INACTIVE' | 'UNCONFIRMED';

/** A SORACOM account: exactly one way to sign in (email; operatorId + userName; authKeyId). */
export interface SoracomAddRequest {
  name: string;
  email?: string;
  operatorId?: string;
  userName?: string;
  authKeyId?: string;
  /** Write-only: the password or the AuthKey secret; goes to the keychain, never comes back. */
  secret: string;
  coverage?: CoverageType;
  tokenTimeoutSeconds?: number;
  codeCommand?: string;
}

/** Edit: omit `secret` to keep the stored one; codeCommand null removes it. */
export interface SoracomUpdateRequest {
  name: string;
  secret?: string;
  coverage?: CoverageType;
  tokenTimeoutSeconds?: number;
  codeCommand?: string | null;
}

/**
 * The answer of `soracom:mfa-enable`: like MfaSetupDto, it carries the new seed (for the QR code and
 * "can't scan?"). The renderer keeps it in memory for the wizard only and never sends it back.
 */
export interface SoracomMfaSetupDto {
  /** Secret: the QR code (the totpUri) as a PNG data URL. */
  qrPngDataUrl: string;
  /** Secret: the base32 seed, for typing it in by hand. */
  seedBase32: string;
  account: string;
  issuer: string | null;
}

export interface SoracomMfaVerifyRequest {
  name: string;
  code: string;
}

export interface SoracomMfaVerifyResponse {
  /** Root accounts: shown once, never stored by mfa-tray. SAM users: empty. */
  backupCodes: string[];
  status: SoracomMfaStatus;
  profile: ProfileDto;
}
