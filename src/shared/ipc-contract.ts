/**
 * The one IPC contract between the Electron main process, the preload and the renderer (GitHub Desktop's
 * RequestResponseChannels pattern). Every request returns a Promise of a Result; every DTO here is safe to
 * show: no access key, secret, session token or MFA seed ever crosses into the renderer — except the
 * secret access key the user types into the setup form, which only travels renderer → main.
 *
 * This file is imported by main, preload and renderer alike: no Node or Electron imports here.
 */

export type SessionState = 'valid' | 'expiring' | 'expired' | 'none';
export type Delivery = 'file' | 'process';
export type Language = 'en' | 'ja' | 'system';

export interface ProfileDto {
  name: string;
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
}

export interface SettingsDto {
  leadTimeSeconds: number;
  notifications: boolean;
  language: Language;
  startAtLogin: boolean;
}

/** Error kinds, as in src/core/errors.ts; the renderer words them through its i18n table. */
export interface ErrorDto {
  kind: string;
  /** English text from the core, used when the renderer has no translation for `kind`. */
  message: string;
  hint?: string;
  secondsUntilNextCode?: number;
  clockOffsetSeconds?: number;
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
}

export interface ProfileChangeResponse {
  profile: ProfileDto;
  notes: string[];
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
  warnings: string[];
}

/** Why the app asks for a code: the user clicked, a session is expiring, or a CLI call is waiting. */
export type PromptReason = 'user' | 'expiring' | 'expired' | 'cli';

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

/** renderer → main requests. */
export interface RequestResponseChannels {
  'app:info': () => Promise<Result<AppInfoDto>>;
  'profiles:list': () => Promise<Result<ProfileDto[]>>;
  'profiles:add': (request: AddProfileRequest) => Promise<Result<ProfileChangeResponse>>;
  'profiles:update': (request: UpdateProfileRequest) => Promise<Result<ProfileChangeResponse>>;
  'profiles:remove': (name: string) => Promise<Result<null>>;
  'profiles:detect-serial': (
    request: DetectSerialRequest,
  ) => Promise<Result<{ serial: string | null; notes: string[] }>>;
  'profiles:import-candidates': () => Promise<Result<ImportCandidateDto[]>>;
  'profiles:import': (request: ImportRequest) => Promise<Result<ProfileChangeResponse>>;
  'session:login': (request: LoginRequest) => Promise<Result<LoginResponse>>;
  'session:logout': (name: string) => Promise<Result<null>>;
  /** Opens the OTP entry for a profile (from the status view), or dismisses the pending prompt. */
  'prompt:open': (name: string) => Promise<Result<PromptDto>>;
  'prompt:cancel': (name: string) => Promise<Result<null>>;
  'settings:get': () => Promise<Result<SettingsDto>>;
  'settings:update': (patch: Partial<SettingsDto>) => Promise<Result<SettingsDto>>;
  'window:hide': () => Promise<Result<null>>;
}

/** main → renderer events. */
export interface EventChannels {
  /** Profiles or their states changed (login, logout, a timer, resume from sleep). */
  'profiles:changed': ProfileDto[];
  /** Show the OTP entry for this prompt (a notification was clicked, a CLI call is waiting). */
  'prompt:show': PromptDto;
  /** The prompt was answered or cancelled elsewhere (CLI, another window). */
  'prompt:closed': { name: string };
}

export type RequestChannel = keyof RequestResponseChannels;
export type EventChannel = keyof EventChannels;

/** The object the preload exposes as `window.mfaTray` (and the dev host's HTTP shim implements). */
export type MfaTrayApi = {
  [C in RequestChannel]: RequestResponseChannels[C];
} & {
  on<E extends EventChannel>(event: E, listener: (payload: EventChannels[E]) => void): () => void;
};

export const REQUEST_CHANNELS: readonly RequestChannel[] = [
  'app:info',
  'profiles:list',
  'profiles:add',
  'profiles:update',
  'profiles:remove',
  'profiles:detect-serial',
  'profiles:import-candidates',
  'profiles:import',
  'session:login',
  'session:logout',
  'prompt:open',
  'prompt:cancel',
  'settings:get',
  'settings:update',
  'window:hide',
] as const;

export const EVENT_CHANNELS: readonly EventChannel[] = [
  'profiles:changed',
  'prompt:show',
  'prompt:closed',
] as const;
