/**
 * The one IPC contract between the Electron main process, the preload and the renderer (GitHub Desktop's
 * RequestResponseChannels pattern). Every request returns a Promise of a Result; every DTO here is safe to
 * show: no access key, secret, session token or MFA seed ever crosses into the renderer — with two
 * exceptions: the secret access key the user types into the setup form, which only travels renderer → main,
 * and MfaSetupDto (the answer of `mfa:create`), which carries a new virtual MFA device's seed and QR code
 * main → renderer, because the user has to scan it. Nothing ever sends a seed back to main.
 *
 * This file is imported by main, preload and renderer alike: no Node or Electron imports here.
 */

import type { Note } from './notes';
import type { Delivery } from '../core/rules/profile-rules';
import type { Language } from '../core/rules/settings-rules';
import type { CoverageType, SoracomAuthMode } from '../core/rules/soracom-rules';

// The field rules (patterns, limits, enums) live in src/core/rules, plain TS that main and renderer import.
export type { CoverageType, Delivery, Language, SoracomAuthMode };

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

export interface SettingsDto {
  leadTimeSeconds: number;
  notifications: boolean;
  language: Language;
  startAtLogin: boolean;
  /** The tray reminds to rotate a base key this many days old; 0 turns the reminder off. */
  keyAgeReminderDays: number;
}

/** Error kinds, as in src/core/errors.ts; the renderer words them through its i18n table. */
export interface ErrorDto {
  kind: string;
  /** English text from the core, used when the renderer has no translation for `kind`. */
  message: string;
  hint?: string;
  secondsUntilNextCode?: number;
  clockOffsetSeconds?: number;
  /** A file the error is about (shown as is in every language). */
  path?: string;
  /** For invalid-input: the field and the rule it broke, so the UI can word it in its language. */
  field?: string;
  rule?: string;
  /** SORACOM's own error code (e.g. AUM0063), shown as is in every language. */
  soracomCode?: string;
  /** Why, within the kind (e.g. a role refusal: role-mfa-required, role-chaining-cap; see src/core/roles). */
  reason?: string;
  /** For source-has-roles: the roles assumed from the profile (names, the same in every language). */
  roles?: string[];
}

/** For removing or logging out a source profile: whether the roles assumed from it go along. */
export interface WithRolesOption {
  withRoles?: boolean;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorDto };

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

// ---- virtual MFA devices -------------------------------------------------------------------------------------

export interface MfaAssignedDeviceDto {
  serialNumber: string;
  /** ISO 8601: when it was enabled for the user. */
  enableDate: string | null;
  virtual: boolean;
  /** The profile logs in with this device. */
  isLoginDevice: boolean;
  /** The profile's built-in authenticator holds this device's secret. */
  builtInAuthenticator: boolean;
}

/** An unassigned virtual device of the account (an unfinished setup, ours or someone else's). */
export interface MfaOrphanDeviceDto {
  serialNumber: string;
  deviceName: string;
  /** This app is setting it up right now: not really an orphan. */
  setupInProgress: boolean;
}

export interface BuiltInAuthenticatorDto {
  enabled: boolean;
  /** The device whose secret is kept (never the secret). */
  serialNumber: string | null;
  /** False when the kept secret is for another device than the one the profile logs in with. */
  matchesLoginDevice: boolean;
}

export interface MfaDeviceListDto {
  profile: string;
  userName: string;
  accountId: string;
  loginDevice: string | null;
  /** AWS's per-user limit (MFA_DEVICE_LIMIT, src/core/rules). */
  limit: number;
  assigned: MfaAssignedDeviceDto[];
  /** The account's unassigned virtual devices; null when the IAM user may not list them (see orphansUnavailable). */
  orphans: MfaOrphanDeviceDto[] | null;
  orphansUnavailable?: string;
  builtInAuthenticator: BuiltInAuthenticatorDto;
}

export interface MfaCreateRequest {
  name: string;
  /** VirtualMFADeviceName (src/core/rules/mfa-device-rules.ts). */
  deviceName: string;
  /** IAM path, "/" (default) or like "/team/". */
  path?: string;
}

/**
 * The ONLY DTO that carries an MFA secret: a device just created, for the setup screen to show while the
 * user scans it. The renderer keeps it in memory for the setup only (never in storage, never in logs) and
 * drops it when the setup ends; it never sends the seed back. Enable before `pendingUntil`: after it, main
 * deletes the unfinished device.
 */
export interface MfaSetupDto {
  serialNumber: string;
  deviceName: string;
  userName: string;
  accountId: string;
  /** Secret: the base32 seed, for "can't scan? type the key" (show it only when asked). */
  seedBase32: string;
  /** Secret: the QR code (otpauth://totp/… URI) as a PNG data URL. */
  qrPngDataUrl: string;
  /** ISO 8601. */
  pendingUntil: string;
}

export interface MfaEnableRequest {
  name: string;
  serialNumber: string;
  /** Two consecutive codes from the authenticator app. */
  code1: string;
  code2: string;
  /**
   * Explicit opt-in: keep this device's seed (known to main from mfa:create) in the keychain so logins need
   * no typing. Both factors then live on this computer.
   */
  builtInAuthenticator?: boolean;
}

export interface MfaEnableResponse {
  serialNumber: string;
  userName: string;
  /** The profile, which logs in with this device from now on. */
  profile: ProfileDto;
  /** The device it logged in with before, when that was another one. */
  previousSerial: string | null;
  builtInAuthenticator: boolean;
  notes: Note[];
}

export interface MfaDeviceRequest {
  name: string;
  serialNumber: string;
}

export interface MfaAbandonResponse {
  serialNumber: string;
  /** false when it was gone already (or got enabled meanwhile, then it is kept). */
  deleted: boolean;
  message: string;
}

export interface MfaResyncRequest {
  name: string;
  /** Default: the device the profile logs in with. */
  serialNumber?: string;
  code1: string;
  code2: string;
}

export interface MfaRemovalPlanDto {
  serialNumber: string;
  /** assigned: enabled for the profile's IAM user (deactivate, then delete); unassigned: just delete. */
  status: 'assigned' | 'unassigned';
  virtual: boolean;
  isLoginDevice: boolean;
  userName: string;
  /** What stops working, one English sentence each (the renderer words the same facts through its i18n). */
  consequences: string[];
  /** The profile logs in with it: the user confirms a second time (mfa:remove with confirmedCurrent). */
  needsSecondConfirmation: boolean;
}

export interface MfaRemoveRequest {
  name: string;
  serialNumber: string;
  /** The second confirmation, needed to remove the device the profile logs in with. */
  confirmedCurrent?: boolean;
}

export interface MfaRemovalResponse {
  serialNumber: string;
  deactivated: boolean;
  deleted: boolean;
  profile: ProfileDto;
  notes: Note[];
}

/** Only turning it off: turning it on needs the seed, so it happens in mfa:enable during a setup. */
export interface MfaAuthenticatorRequest {
  name: string;
  enabled: false;
}

// ---- SORACOM accounts ---------------------------------------------------------------------------------------

export type SoracomAuthModeDto = SoracomAuthMode;

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
  status: 'ACTIVE' | 'INACTIVE' | 'UNCONFIRMED';
  profile: ProfileDto;
}

// ---- key and Funnel rotations (no secret: key ids, credential-set ids, steps and dates only) -------------

export interface KeyAgeDto {
  name: string;
  /** CreateDate of the profile's base key (IAM's), when known. */
  createdAt: string;
  ageDays: number;
}

export interface LastUseDto {
  date: string;
  serviceName: string | null;
  region: string | null;
}

/** One base-key rotation as rotations.json remembers it. */
export interface KeyRotationDto {
  /** planned, removing-unused, creating, proving, rolling-back, rolled-back, deactivating, deactivated, deleting-old, finished. */
  step: string;
  oldKeyId: string;
  newKeyId: string | null;
  unusedKeyId: string | null;
  startedAt: string;
  deactivatedAt: string | null;
  finishedAt: string | null;
  graceDays: number;
  /** When the old key may be deleted (only while the rotation waits for Finish). */
  finishDueAt: string | null;
  rollbackReason: string | null;
  /** A use of the old key after its deactivation that a Finish found. */
  lastUseSeen: LastUseDto | null;
}

export interface RotationStatusDto {
  profile: string;
  accessKeyIdSuffix: string | null;
  keyCreatedAt: string | null;
  keyAgeDays: number | null;
  /** The latest rotation, if any. */
  rotation: KeyRotationDto | null;
  /** The rotation waits for Finish and its grace period is over. */
  finishDue: boolean;
  /** A rotation now would need a typed MFA code (no session that outlives it, no built-in authenticator). */
  needsCode: boolean;
  hasMfaDevice: boolean;
}

export interface AccessKeyFactDto {
  accessKeyId: string;
  status: 'Active' | 'Inactive';
  createDate: string | null;
  lastUsed: LastUseDto | null;
}

export interface RotateKeyRequest {
  name: string;
  /** A code for the one MFA session of the run, when RotationStatusDto.needsCode said so. */
  code?: string;
  /** The user confirmed deleting this second, unused key first. */
  removeUnusedKeyId?: string;
}

export interface FinishKeyRequest {
  name: string;
  /** A code for the MFA session of the finish, when RotationStatusDto.needsCode said so. */
  code?: string;
}

export type RotateKeyResultDto =
  | {
      outcome: 'rotated';
      rotation: KeyRotationDto;
      proofAttempts: number;
      removedUnusedKeyId: string | null;
      /** The cached session was made with the old key: it stays valid until then. */
      sessionValidUntil: string | null;
      resumedFrom: string | null;
    }
  | {
      outcome: 'rolled-back';
      rotation: KeyRotationDto;
      reason: 'new-key-not-working' | 'new-key-lost';
      cause: { kind: string; awsCode?: string } | null;
      deletedKeyIds: string[];
      resumedFrom: string | null;
    }
  | { outcome: 'needs-confirmation' | 'second-key-in-use'; secondKey: AccessKeyFactDto }
  | { outcome: 'key-not-listed'; accessKeyIdSuffix: string; listed: string[] }
  | { outcome: 'awaiting-finish' | 'busy'; rotation: KeyRotationDto };

export type FinishKeyResultDto =
  | { outcome: 'finished'; rotation: KeyRotationDto; deletedKeyId: string; alreadyGone: boolean }
  | { outcome: 'not-due' | 'rotation-unfinished' | 'busy'; rotation: KeyRotationDto }
  | { outcome: 'old-key-used'; rotation: KeyRotationDto; lastUse: LastUseDto }
  | { outcome: 'old-key-active'; rotation: KeyRotationDto; lastUse: LastUseDto | null }
  | { outcome: 'nothing-to-finish' };

export interface FunnelGroupDto {
  groupId: string;
  name: string | null;
  from: string;
  /** pending, moving, moved, failed, restored. */
  state: string;
  /** The credential set the group uses as far as the rotation knows (the new one once moved). */
  uses: string;
  failureCode: string | null;
}

export interface FunnelRotationDto {
  id: string;
  awsProfile: string;
  iamUser: string;
  soracomProfile: string;
  prefix: string;
  step: string;
  newSetId: string;
  newKeyId: string | null;
  oldSets: { credentialsId: string; accessKeyId: string | null }[];
  groups: FunnelGroupDto[];
  startedAt: string;
  switchedAt: string | null;
  finishedAt: string | null;
  finishDueAt: string | null;
  /** What is left: nothing, resume-or-rollback (a run stopped), finish (after finishDueAt). */
  left: 'nothing' | 'resume-or-rollback' | 'finish';
  finishDue: boolean;
  lastUseSeen: (LastUseDto & { accessKeyId: string }) | null;
}

export interface FunnelRotateRequest {
  awsProfile: string;
  iamUser: string;
  soracomProfile: string;
  prefix: string;
  /** For the AWS profile's MFA session, when it has none. */
  code?: string;
}

export interface FunnelSelectorRequest {
  soracomProfile: string;
  prefix: string;
  code?: string;
}

export interface FunnelPlanDto {
  newSetId: string;
  oldSets: { credentialsId: string; accessKeyId: string | null }[];
  groups: { groupId: string; name: string | null; from: string }[];
  otherGroups: number;
  /** The IAM user's key ids now (AWS allows 2). */
  userKeyIds: string[];
}

export type FunnelRotateResultDto =
  | { outcome: 'dry-run'; plan: FunnelPlanDto }
  | { outcome: 'switched'; rotation: FunnelRotationDto }
  | {
      outcome: 'partial';
      rotation: FunnelRotationDto;
      failedGroupIds: string[];
      cause: { kind: string; soracomCode?: string; awsCode?: string };
      phase: 'rotate' | 'rollback';
    }
  | {
      outcome: 'rolled-back';
      rotation: FunnelRotationDto;
      deletedKeyId: string | null;
      deletedSetId: string | null;
    }
  | { outcome: 'no-groups'; prefix: string; otherGroups: number }
  | { outcome: 'key-limit'; keyIds: string[] }
  | { outcome: 'open-rotation' | 'awaiting-finish' | 'busy'; rotation: FunnelRotationDto }
  | { outcome: 'nothing-to-resume' }
  | { outcome: 'ambiguous'; rotations: FunnelRotationDto[] };

export type FunnelFinishResultDto =
  | { outcome: 'finished'; rotation: FunnelRotationDto; deletedKeyIds: string[]; deletedSetIds: string[] }
  | { outcome: 'not-due' | 'busy'; rotation: FunnelRotationDto }
  | { outcome: 'old-set-in-use'; rotation: FunnelRotationDto; groups: { groupId: string; set: string }[] }
  | { outcome: 'old-key-shared'; rotation: FunnelRotationDto; accessKeyId: string; setIds: string[] }
  | { outcome: 'old-key-used'; rotation: FunnelRotationDto; lastUse: LastUseDto & { accessKeyId: string } };

/** A step of a running rotation (the popup shows it as progress). */
export interface RotationProgressDto {
  kind: 'access-key' | 'funnel';
  /** The AWS profile (key rotation) or the Funnel rotation's SORACOM profile. */
  profile: string;
  point: string;
  /** Funnel: the group a moving-group / group-moved point is about. */
  groupId?: string;
}

/** renderer → main requests. */
export interface RequestResponseChannels {
  'app:info': () => Promise<Result<AppInfoDto>>;
  'profiles:list': () => Promise<Result<ProfileDto[]>>;
  'profiles:add': (request: AddProfileRequest) => Promise<Result<ProfileChangeResponse>>;
  'profiles:update': (request: UpdateProfileRequest) => Promise<Result<ProfileChangeResponse>>;
  /** Refused with source-has-roles while roles are assumed from the profile, unless `withRoles` removes them too. */
  'profiles:remove': (name: string, options?: WithRolesOption) => Promise<Result<null>>;
  'profiles:detect-serial': (
    request: DetectSerialRequest,
  ) => Promise<Result<{ serial: string | null; notes: Note[] }>>;
  'profiles:import-candidates': () => Promise<Result<ImportCandidateDto[]>>;
  'profiles:import': (request: ImportRequest) => Promise<Result<ProfileChangeResponse>>;
  'session:login': (request: LoginRequest) => Promise<Result<LoginResponse>>;
  /** `withRoles`: the roles assumed from the profile are logged out too (else they keep their sessions). */
  'session:logout': (name: string, options?: WithRolesOption) => Promise<Result<null>>;
  /** Logs in with a code from the built-in authenticator (no typing); answers a pending prompt too. */
  'session:login-built-in': (name: string) => Promise<Result<LoginResponse>>;
  /** Opens the OTP entry for a profile (from the status view), or dismisses the pending prompt. */
  'prompt:open': (name: string) => Promise<Result<PromptDto>>;
  'prompt:cancel': (name: string) => Promise<Result<null>>;
  'settings:get': () => Promise<Result<SettingsDto>>;
  'settings:update': (patch: Partial<SettingsDto>) => Promise<Result<SettingsDto>>;
  'window:hide': () => Promise<Result<null>>;
  /** Quits the app (the tray icon goes away; CLI calls then fail with "the app is not running"). */
  'app:quit': () => Promise<Result<null>>;
  /** Opens the README (the help) in the user's browser. */
  'app:help': () => Promise<Result<null>>;
  /** The profile's IAM user's MFA devices and the account's unassigned virtual devices. */
  'mfa:list': (name: string) => Promise<Result<MfaDeviceListDto>>;
  /** CreateVirtualMFADevice: the answer is the one DTO with a seed (see MfaSetupDto). */
  'mfa:create': (request: MfaCreateRequest) => Promise<Result<MfaSetupDto>>;
  /** EnableMFADevice with two consecutive codes; the profile logs in with the device from then on. */
  'mfa:enable': (request: MfaEnableRequest) => Promise<Result<MfaEnableResponse>>;
  /** The user gave up on a setup this app started: the unassigned device is deleted (no orphan). */
  'mfa:abandon': (request: MfaDeviceRequest) => Promise<Result<MfaAbandonResponse>>;
  'mfa:resync': (request: MfaResyncRequest) => Promise<Result<{ serialNumber: string }>>;
  /** What removing a device means, for the confirmation. */
  'mfa:describe-removal': (request: MfaDeviceRequest) => Promise<Result<MfaRemovalPlanDto>>;
  /** Deactivate (if assigned) and delete; an unassigned "orphan" is just deleted. */
  'mfa:remove': (request: MfaRemoveRequest) => Promise<Result<MfaRemovalResponse>>;
  /** Turns the built-in authenticator off (its seed is deleted from the keychain). */
  'mfa:authenticator': (request: MfaAuthenticatorRequest) => Promise<Result<BuiltInAuthenticatorDto>>;
  'soracom:add': (request: SoracomAddRequest) => Promise<Result<ProfileChangeResponse>>;
  'soracom:update': (request: SoracomUpdateRequest) => Promise<Result<ProfileChangeResponse>>;
  /** An AuthKey account logs in without a code (MFA does not apply to it). */
  'soracom:login': (name: string) => Promise<Result<LoginResponse>>;
  /** Starts MFA set-up (status UNCONFIRMED): the answer carries the seed (see SoracomMfaSetupDto). */
  'soracom:mfa-enable': (name: string) => Promise<Result<SoracomMfaSetupDto>>;
  /** Completes the set-up with a first code; root accounts get their backup codes here, once. */
  'soracom:mfa-verify': (request: SoracomMfaVerifyRequest) => Promise<Result<SoracomMfaVerifyResponse>>;
  'soracom:mfa-status': (name: string) => Promise<Result<'ACTIVE' | 'INACTIVE' | 'UNCONFIRMED'>>;
  /** Known base-key ages (no AWS call). */
  'rotation:key-ages': () => Promise<Result<KeyAgeDto[]>>;
  'rotation:status': (name: string) => Promise<Result<RotationStatusDto>>;
  /** Rotates the profile's base key (or completes a rotation a killed run left); progress on rotation:progress. */
  'rotation:rotate': (request: RotateKeyRequest) => Promise<Result<RotateKeyResultDto>>;
  /** Deletes the old key after the grace period, unless it was used after its deactivation. */
  'rotation:finish': (request: FinishKeyRequest) => Promise<Result<FinishKeyResultDto>>;
  'funnel:status': () => Promise<Result<FunnelRotationDto[]>>;
  /** The dry run: which groups would move from which set to which. */
  'funnel:plan': (request: FunnelRotateRequest) => Promise<Result<FunnelRotateResultDto>>;
  'funnel:rotate': (request: FunnelRotateRequest) => Promise<Result<FunnelRotateResultDto>>;
  'funnel:resume': (request: FunnelSelectorRequest) => Promise<Result<FunnelRotateResultDto>>;
  'funnel:rollback': (request: FunnelSelectorRequest) => Promise<Result<FunnelRotateResultDto>>;
  'funnel:finish': (request: FunnelSelectorRequest) => Promise<Result<FunnelFinishResultDto[]>>;
}

/** main → renderer events. */
export interface EventChannels {
  /** Profiles or their states changed (login, logout, a timer, resume from sleep). */
  'profiles:changed': ProfileDto[];
  /** Show the OTP entry for this prompt (a notification was clicked, a CLI call is waiting). */
  'prompt:show': PromptDto;
  /** The prompt was answered or cancelled elsewhere (CLI, another window). */
  'prompt:closed': { name: string };
  /** A running key or Funnel rotation reached a step. */
  'rotation:progress': RotationProgressDto;
}

export type RequestChannel = keyof RequestResponseChannels;
export type EventChannel = keyof EventChannels;

/** The object the preload exposes as `window.mfaTray` (and the dev host's HTTP shim implements). */
export type MfaTrayApi = {
  [C in RequestChannel]: RequestResponseChannels[C];
} & {
  on<E extends EventChannel>(event: E, listener: (payload: EventChannels[E]) => void): () => void;
};

// The request channels' list, arity and validation: src/main/channels.ts (one map, keyed by this contract).

export const EVENT_CHANNELS: readonly EventChannel[] = [
  'profiles:changed',
  'prompt:show',
  'prompt:closed',
  'rotation:progress',
] as const;
