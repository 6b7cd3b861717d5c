/**
 * The one IPC contract between the Electron main process, the preload and the renderer (GitHub Desktop's
 * RequestResponseChannels pattern). Every request returns a Promise of a Result; every DTO here is safe to
 * show: no access key, secret, session token or MFA seed ever crosses into the renderer — with two
 * exceptions: the secret access key the user types into the setup form, which only travels renderer → main,
 * and MfaSetupDto (the answer of `mfa:create`), which carries a new virtual MFA device's seed and QR code
 * main → renderer, because the user has to scan it. Nothing ever sends a seed back to main.
 *
 * The DTOs live in ./dto/ by idea (profiles, mfa-devices, soracom, rotation, settings, errors); this file keeps
 * the channel contract and re-exports them, so importers need only this module.
 *
 * This file is imported by main, preload and renderer alike: no Node or Electron imports here.
 */

import type { Note } from './notes';
import type { Delivery } from '../core/rules/profile-rules';
import type { Language } from '../core/rules/settings-rules';
import type { CoverageType, SoracomAuthMode } from '../core/rules/soracom-rules';
import type { Result } from './dto/errors';
import type { SettingsDto } from './dto/settings';
import type {
  AddProfileRequest,
  AppInfoDto,
  DetectSerialRequest,
  ImportCandidateDto,
  ImportRequest,
  LoginRequest,
  LoginResponse,
  ProfileChangeResponse,
  ProfileDto,
  PromptDto,
  UpdateProfileRequest,
  WithRolesOption,
} from './dto/profiles';
import type {
  BuiltInAuthenticatorDto,
  MfaAbandonResponse,
  MfaAuthenticatorRequest,
  MfaCreateRequest,
  MfaDeviceListDto,
  MfaDeviceRequest,
  MfaEnableRequest,
  MfaEnableResponse,
  MfaRemovalPlanDto,
  MfaRemovalResponse,
  MfaRemoveRequest,
  MfaResyncRequest,
  MfaSetupDto,
} from './dto/mfa-devices';
import type {
  SoracomAddRequest,
  SoracomMfaSetupDto,
  SoracomMfaStatus,
  SoracomMfaVerifyRequest,
  SoracomMfaVerifyResponse,
  SoracomUpdateRequest,
} from './dto/soracom';
import type {
  FinishKeyRequest,
  FinishKeyResultDto,
  FunnelFinishResultDto,
  FunnelRotateRequest,
  FunnelRotateResultDto,
  FunnelRotationDto,
  FunnelSelectorRequest,
  KeyAgeDto,
  RotateKeyRequest,
  RotateKeyResultDto,
  RotationProgressDto,
  RotationStatusDto,
} from './dto/rotation';

// The field rules (patterns, limits, enums) live in src/core/rules, plain TS that main and renderer import.
export type { CoverageType, Delivery, Language, SoracomAuthMode };
export type * from './dto/errors';
export type * from './dto/settings';
export type * from './dto/profiles';
export type * from './dto/mfa-devices';
export type * from './dto/soracom';
export type * from './dto/rotation';

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
  'soracom:mfa-status': (name: string) => Promise<Result<SoracomMfaStatus>>;
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
