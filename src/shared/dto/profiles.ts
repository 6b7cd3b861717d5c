/**
 * Profiles, their session states, logins and prompts: the status list and the profile forms.
 * No Node or Electron imports: main, preload and renderer import this.
 */

import type { Note } from '../notes';
import type { Delivery } from '../../core/rules/profile-rules';
import type { CoverageType, SoracomAuthMode } from '../../core/rules/soracom-rules';

export type SessionState = 'valid' | 'expiring' | 'expired' | 'none';

export type ProfileKindDto = 'aws' | 'soracom' | 'role';

/**
 * One row of the status list, for every kind of profile. The AWS-shaped fields mean, for the other kinds:
 * SORACOM — target = the soracom-cli profile name, delivery = 'process' (soracom-cli runs our
 * profileCommand), region = coverage (jp|g), durationSeconds = token timeout, accountId = operator id;
 * role — the role's own target profile, with `role` naming the source and the role ARN.
 */
export interface ProfileDto {
  name: string;
  kind: ProfileKindDto;
  state: SessionState;
  /** ISO 8601 or null when there is no session. */
  expiresAt: string | null;
  target: string;
  delivery: Delivery;
  region: string;
  durationSeconds: number;
  mfaSerial: string | null;
  accountId: string | null;
  /** Last four characters of the base access key id, to tell keys apart. */
  accessKeyIdSuffix: string | null;
  /**
   * true when the user opted in to mfa-tray's built-in authenticator for this profile (the MFA seed is in
   * the keychain, so logins need no typing); absent otherwise.
   */
  builtInAuthenticator?: boolean;
  /** The profile's code command as a command line, when one is configured. */
  codeCommand?: string;
  /** SORACOM accounts: how the account signs in (no secret). */
  soracom?: {
    authMode: SoracomAuthMode;
    email: string | null;
    operatorId: string | null;
    userName: string | null;
    coverage: CoverageType;
  };
  /** Roles: the mfa-tray profile whose MFA session assumes the role, and the role. */
  role?: { source: string; roleArn: string };
}

/** For removing or logging out a source profile: whether the roles assumed from it go along. */
export interface WithRolesOption {
  withRoles?: boolean;
}

export interface AddProfileRequest {
  name: string;
  accessKeyId: string;
  /** Write-only: goes to the keychain, never comes back. */
  secretAccessKey: string;
  mfaSerial?: string;
  region?: string;
  durationSeconds?: number;
  target?: string;
  delivery?: Delivery;
  /** Where codes come from without typing: a command line run without a shell (`op item get X --otp`). */
  codeCommand?: string;
}

/** Edit: everything but the name; omit `secretAccessKey` to keep the stored keys. */
export interface UpdateProfileRequest {
  name: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  mfaSerial?: string | null;
  region?: string;
  durationSeconds?: number;
  target?: string;
  delivery?: Delivery;
  /** null removes the code command; absent keeps it. */
  codeCommand?: string | null;
}

export interface ProfileChangeResponse {
  profile: ProfileDto;
  notes: Note[];
}

export interface DetectSerialRequest {
  /** Either an existing profile's stored keys… */
  name?: string;
  /** …or keys typed into the form (not stored yet). */
  accessKeyId?: string;
  secretAccessKey?: string;
  region?: string;
}

export interface ImportCandidateDto {
  awsProfile: string;
  accessKeyIdSuffix: string;
}

export interface ImportRequest {
  awsProfile: string;
  name?: string;
  scrub: boolean;
  delivery?: Delivery;
}

export interface LoginRequest {
  name: string;
  code: string;
}

export interface LoginResponse {
  profile: ProfileDto;
  expiresAt: string;
  warnings: Note[];
  /** The code went to a waiting soracom-cli call (prompt reason 'cli-code'): nothing logged in. */
  codeHandedOut?: true;
}

/** Why the app asks for a code: the user clicked, a session is expiring, or a CLI call is waiting. */
/** 'cli-code': a CLI call (soracom-cli's profileCommand) waits for the typed code itself; nothing logs in. */
export type PromptReason = 'user' | 'expiring' | 'expired' | 'cli' | 'cli-code';

export interface PromptDto {
  name: string;
  reason: PromptReason;
  mfaSerial: string | null;
  /** How many CLI calls are waiting on this prompt. */
  waiting: number;
}

export interface AppInfoDto {
  version: string;
  platform: string;
  /** The pending OTP prompt, if any (the popup opens on it). */
  prompt: PromptDto | null;
}
