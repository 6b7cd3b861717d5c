import fs from 'node:fs';
import path from 'node:path';
import { MfaTrayError, quoteInput } from './errors';
import { removeOurStaleTempFiles, writeFileAtomic } from './atomic-file';
import { toFileError } from './file-errors';
import { lockFile } from './file-lock';
import { readRegularFileSync } from './regular-file';
import {
  isDelivery,
  isDurationSeconds,
  isMfaSerial,
  isProfileName,
  isRegion,
  MAX_DURATION_SECONDS,
  MIN_DURATION_SECONDS,
  type Delivery,
} from './rules/profile-rules';
import {
  DEFAULT_LEAD_TIME_SECONDS,
  isKeyAgeReminderDays,
  isLanguage,
  type Language,
} from './rules/settings-rules';
import {
  isCoverageType,
  SORACOM_AUTH_MODES,
  type CoverageType as SoracomCoverage,
  type SoracomAuthMode,
} from './rules/soracom-rules';

// The rules live in src/core/rules; these names stay importable from here for the core's own files.
export {
  accountIdFromSerial,
  DEFAULT_DURATION_SECONDS,
  isRootMfaSerial,
  MAX_DURATION_SECONDS,
  MFA_SERIAL_PATTERN,
  MIN_DURATION_SECONDS,
  PROFILE_NAME_PATTERN,
  REGION_PATTERN,
  ROOT_MAX_DURATION_SECONDS,
  type Delivery,
} from './rules/profile-rules';

/**
 * What kind of account a profile logs in to. Each kind has one driver (src/core/profile-kinds.ts) that the
 * status list, the scheduler, login/logout/remove, the bridge and the popup go through.
 */
export const PROFILE_KINDS = ['aws', 'soracom', 'role'] as const;
export type ProfileKind = (typeof PROFILE_KINDS)[number];

/** What every kind of profile has: a name, and the expiry of its session when it has one. */
export interface ProfileCommon {
  name: string;
  kind: ProfileKind;
  /** When the cached session expires (ISO 8601), if there is one. */
  sessionExpiresAt?: string;
  /**
   * Where codes come from when none is typed: an external command (argv, run without a shell), e.g.
   * ["op", "item", "get", "ITEM", "--otp"]. See src/core/codes/.
   */
  codeCommand?: string[];
}

/** Profile metadata of an IAM user: everything except its secrets (those live in the keychain). */
export interface Profile extends ProfileCommon {
  kind: 'aws';
  /** ARN of the MFA device; absent until one is found or set up. */
  mfaSerial?: string;
  region: string;
  durationSeconds: number;
  /** The AWS CLI profile the session is delivered to. */
  target: string;
  delivery: Delivery;
  /** The last four characters of the base access key id, to tell keys apart without revealing them. */
  accessKeyIdSuffix?: string;
  /**
   * The last code that worked for this device, hashed with the serial, and when. AWS refuses a code twice
   * with the same message as a wrong one; remembering it lets us say "already used, next code in N s".
   */
  lastCode?: { hash: string; usedAt: string };
  /**
   * A multi-step operation (keychain + AWS files + this file) that has begun and not finished. Written
   * before the first step and removed with the last, so a crash anywhere in between is finished or undone
   * by the next command (MfaTrayCore.recover) instead of leaving the three out of step.
   */
  pending?: PendingOperation;
}

export interface PendingOperation {
  op: 'add' | 'remove' | 'login' | 'logout';
  /** The process doing it: while it lives, nobody else touches the operation. */
  pid: number;
  startedAt: string;
  /** For an import with --scrub: the AWS profile whose plain-text keys are being moved. */
  scrubFrom?: string;
}

export interface Settings {
  /** How long before expiry a session counts as "expiring" (and the tray refreshes / notifies). */
  leadTimeSeconds: number;
  notifications: boolean;
  language: Language;
  /** The tray reminds to rotate a base key this many days old (absent: DEFAULT_KEY_AGE_REMINDER_DAYS; 0: off). */
  keyAgeReminderDays?: number;
}

/** An IAM user's profile under the name the other kinds use for it. */
export type AwsProfile = Profile;

export type { SoracomAuthMode, SoracomCoverage };

/**
 * A SORACOM account. Its password (or AuthKey secret) and its API key + token live in the keychain; this
 * is what identifies it and where soracom-cli finds it (~/.soracom/<soracomProfile>.json).
 */
export interface SoracomProfile extends ProfileCommon {
  kind: 'soracom';
  authMode: SoracomAuthMode;
  /** root: the account's email. */
  email?: string;
  /** SAM user (and filled in for root after the first login). */
  operatorId?: string;
  /** SAM user name. */
  userName?: string;
  /** AuthKey id (keyId-…): MFA does not apply. */
  authKeyId?: string;
  coverage: SoracomCoverage;
  /** An explicit API base URL (sandbox, a proxy), as soracom-cli's profile `endpoint`. */
  endpoint?: string;
  tokenTimeoutSeconds: number;
  /** The soracom-cli profile file we wrote: ~/.soracom/<soracomProfile>.json. */
  soracomProfile: string;
  lastCode?: { hash: string; usedAt: string };
  /**
   * Hashes of the codes handed out or used in the last few windows (login, profile-command): SORACOM takes
   * each code once, so none is handed out twice. Hashes only, never the codes.
   */
  recentCodes?: { hash: string; usedAt: string }[];
  /** The user opted in to the built-in authenticator (its seed is in the keychain); shown in the status. */
  builtInAuthenticator?: boolean;
  /**
   * The last login went through without an MFA code (the account has no MFA): profile-command then hands
   * soracom-cli the password alone when it has no code source. Cleared by a login with a code or MFA set-up.
   */
  noMfa?: boolean;
}

/** A role assumed with the MFA session of a source profile (one code for every role). */
export interface RoleProfile extends ProfileCommon {
  kind: 'role';
  /** The mfa-tray AWS profile whose MFA session assumes the role. */
  source: string;
  roleArn: string;
  sessionName?: string;
  externalId?: string;
  region: string;
  durationSeconds: number;
  target: string;
  delivery: Delivery;
  /**
   * Imported with `role import --point`: `target` is the user's own `[profile …]`, whose role settings
   * (these keys and values) we replaced with our credential_process; removing the role puts them back.
   */
  pointed?: Record<string, string>;
}

/** Any profile in profiles.json. */
export type StoredProfile = Profile | SoracomProfile | RoleProfile;

export interface MetadataFile {
  version: 1;
  profiles: StoredProfile[];
  settings: Settings;
}

export const DEFAULT_SETTINGS: Settings = {
  leadTimeSeconds: DEFAULT_LEAD_TIME_SECONDS,
  notifications: true,
  language: 'system',
};

/**
 * profiles.json under MFA_TRAY_HOME. Written atomically under a lock and validated on load; a damaged file
 * is reported with its path and never reset, because it is the user's list of profiles.
 */
export class ProfileStore {
  readonly file: string;

  constructor(readonly home: string) {
    this.file = path.join(home, 'profiles.json');
  }

  /** Reads without locking: readers always see a complete file thanks to rename. */
  load(): MetadataFile {
    let bytes: Buffer | undefined;
    try {
      bytes = readRegularFileSync(this.file);
    } catch (error) {
      if (error instanceof MfaTrayError) throw error;
      throw new MfaTrayError('metadata-damaged', `Cannot read ${this.file}: ${(error as Error).message}`, {
        path: this.file,
      });
    }
    if (!bytes) return { version: 1, profiles: [], settings: { ...DEFAULT_SETTINGS } };
    return parseMetadata(bytes.toString('utf8'), this.file);
  }

  /** The profile of any kind named `name`. */
  getAny(name: string): StoredProfile {
    const profile = this.load().profiles.find((p) => p.name === name);
    if (!profile) {
      throw new MfaTrayError(
        'profile-not-found',
        `There is no mfa-tray profile named "${quoteInput(name)}".`,
        { hint: 'See `mfa-tray profile list`, or add it with `mfa-tray profile add`.' },
      );
    }
    return profile;
  }

  /** The IAM-user profile named `name`; another kind of profile under that name is refused. */
  get(name: string): Profile {
    return expectKind(this.getAny(name), 'aws');
  }

  /** The profile named `name`, which must be of `kind`. */
  getOfKind<K extends ProfileKind>(name: string, kind: K): Extract<StoredProfile, { kind: K }> {
    return expectKind(this.getAny(name), kind);
  }

  /** Read-modify-write under an exclusive lock, so the tray and a CLI call never lose each other's change. */
  async update<T>(mutate: (data: MetadataFile) => T): Promise<T> {
    try {
      fs.mkdirSync(this.home, { recursive: true, mode: 0o700 });
    } catch (error) {
      throw toFileError(error, this.file, 'create-folder', this.home);
    }
    const release = await lockFile(this.file, {
      stale: 10_000,
      retries: { retries: 40, minTimeout: 25, maxTimeout: 250, factor: 1.5 },
    }).catch((error: unknown) => {
      throw toFileError(error, this.file, 'lock', `${this.file}.lock`);
    });
    try {
      const data = this.load();
      const result = mutate(data);
      await removeOurStaleTempFiles(this.file);
      await writeFileAtomic(this.file, JSON.stringify(data, null, 2) + '\n').catch((error: unknown) => {
        throw toFileError(error, this.file, 'replace');
      });
      return result;
    } finally {
      await release().catch(() => undefined);
    }
  }

  async updateProfile(name: string, mutate: (profile: Profile) => void): Promise<Profile> {
    return this.updateOfKind(name, 'aws', mutate);
  }

  /** Read-modify-write of one profile of `kind`, under the lock. */
  async updateOfKind<K extends ProfileKind>(
    name: string,
    kind: K,
    mutate: (profile: Extract<StoredProfile, { kind: K }>) => void,
  ): Promise<Extract<StoredProfile, { kind: K }>> {
    return this.update((data) => {
      const found = data.profiles.find((p) => p.name === name);
      if (!found)
        throw new MfaTrayError(
          'profile-not-found',
          `There is no mfa-tray profile named "${quoteInput(name)}".`,
        );
      const profile = expectKind(found, kind);
      mutate(profile);
      return { ...profile };
    });
  }
}

function expectKind<K extends ProfileKind>(
  profile: StoredProfile,
  kind: K,
): Extract<StoredProfile, { kind: K }> {
  if (profile.kind !== kind) {
    throw new MfaTrayError(
      'wrong-profile-kind',
      `The profile "${profile.name}" is a ${profile.kind} profile, not ${kind}.`,
      { profileKind: profile.kind, expectedKind: kind },
    );
  }
  return profile as Extract<StoredProfile, { kind: K }>;
}

export function parseMetadata(text: string, file: string): MetadataFile {
  const damaged = (why: string) =>
    new MfaTrayError('metadata-damaged', `The mfa-tray profile list ${file} is damaged: ${why}.`, {
      path: file,
      hint: 'Fix or move the file by hand; mfa-tray will not overwrite it. Your keys are still in the keychain.',
    });
  let raw: unknown;
  try {
    // Editors on Windows save UTF-8 with a byte order mark; JSON.parse would reject it.
    raw = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw damaged((error as Error).message);
  }
  if (!isRecord(raw) || raw.version !== 1 || !Array.isArray(raw.profiles)) {
    throw damaged('expected {"version": 1, "profiles": [...]}');
  }
  const profiles = raw.profiles.map((p, i) => {
    const problem = storedProfileProblem(p);
    if (problem) throw damaged(`profile #${i + 1}: ${problem}`);
    // Files written before profiles had kinds hold IAM-user profiles only.
    return { kind: 'aws', ...(p as object) } as StoredProfile;
  });
  const names = new Set<string>();
  for (const p of profiles) {
    if (names.has(p.name)) throw damaged(`profile "${p.name}" appears twice`);
    names.add(p.name);
  }
  const settings = { ...DEFAULT_SETTINGS, ...(isRecord(raw.settings) ? raw.settings : {}) };
  if (typeof settings.leadTimeSeconds !== 'number' || settings.leadTimeSeconds < 0) {
    throw damaged('settings.leadTimeSeconds must be a number of seconds');
  }
  if (typeof settings.notifications !== 'boolean')
    throw damaged('settings.notifications must be true or false');
  if (!isLanguage(settings.language)) {
    throw damaged('settings.language must be "en", "ja" or "system"');
  }
  const reminder = settings.keyAgeReminderDays;
  if (reminder !== undefined && !isKeyAgeReminderDays(reminder)) {
    throw damaged('settings.keyAgeReminderDays must be a whole number of days');
  }
  return { version: 1, profiles, settings };
}

function storedProfileProblem(p: unknown): string | undefined {
  if (!isRecord(p)) return 'not an object';
  if (p.codeCommand !== undefined && !isStringArray(p.codeCommand)) return 'invalid "codeCommand"';
  switch (p.kind ?? 'aws') {
    case 'aws':
      return profileProblem(p);
    case 'soracom':
      return soracomProfileProblem(p);
    case 'role':
      return roleProfileProblem(p);
    default:
      return `unknown "kind" (${String(p.kind).slice(0, 20)})`;
  }
}

function soracomProfileProblem(p: Record<string, unknown>): string | undefined {
  if (!isProfileName(p.name)) return 'invalid "name"';
  if (!(SORACOM_AUTH_MODES as readonly unknown[]).includes(p.authMode)) return 'invalid "authMode"';
  if (!isCoverageType(p.coverage)) return 'invalid "coverage"';
  if (typeof p.tokenTimeoutSeconds !== 'number') return 'invalid "tokenTimeoutSeconds"';
  if (typeof p.soracomProfile !== 'string') return 'invalid "soracomProfile"';
  for (const key of ['email', 'operatorId', 'userName', 'authKeyId', 'endpoint']) {
    if (p[key] !== undefined && typeof p[key] !== 'string') return `invalid "${key}"`;
  }
  return sessionExpiryProblem(p);
}

function roleProfileProblem(p: Record<string, unknown>): string | undefined {
  if (!isProfileName(p.name)) return 'invalid "name"';
  if (!isProfileName(p.source)) return 'invalid "source"';
  if (typeof p.roleArn !== 'string') return 'invalid "roleArn"';
  if (typeof p.region !== 'string') return 'invalid "region"';
  if (typeof p.durationSeconds !== 'number') return 'invalid "durationSeconds"';
  if (!isProfileName(p.target)) return 'invalid "target"';
  if (!isDelivery(p.delivery)) return '"delivery" must be "file" or "process"';
  return sessionExpiryProblem(p);
}

function sessionExpiryProblem(p: Record<string, unknown>): string | undefined {
  if (
    p.sessionExpiresAt !== undefined &&
    (typeof p.sessionExpiresAt !== 'string' || Number.isNaN(Date.parse(p.sessionExpiresAt)))
  ) {
    return 'invalid "sessionExpiresAt"';
  }
  return undefined;
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string');
}

function profileProblem(p: unknown): string | undefined {
  if (!isRecord(p)) return 'not an object';
  if (!isProfileName(p.name)) return 'invalid "name"';
  if (p.mfaSerial !== undefined && !isMfaSerial(p.mfaSerial))
    return `invalid "mfaSerial" (${describe(p.mfaSerial)})`;
  if (!isRegion(p.region))
    return `invalid "region" (${describe(p.region)}; expected a region name like eu-west-1)`;
  if (!isDurationSeconds(p.durationSeconds)) {
    return `invalid "durationSeconds" (${describe(p.durationSeconds)}; expected a whole number from ${MIN_DURATION_SECONDS} to ${MAX_DURATION_SECONDS})`;
  }
  if (p.accessKeyIdSuffix !== undefined && typeof p.accessKeyIdSuffix !== 'string')
    return 'invalid "accessKeyIdSuffix"';
  if (
    p.lastCode !== undefined &&
    (!isRecord(p.lastCode) || typeof p.lastCode.hash !== 'string' || typeof p.lastCode.usedAt !== 'string')
  ) {
    return 'invalid "lastCode"';
  }
  if (!isProfileName(p.target)) return 'invalid "target"';
  if (!isDelivery(p.delivery)) return '"delivery" must be "file" or "process"';
  if (
    p.sessionExpiresAt !== undefined &&
    (typeof p.sessionExpiresAt !== 'string' || Number.isNaN(Date.parse(p.sessionExpiresAt)))
  ) {
    return 'invalid "sessionExpiresAt"';
  }
  if (p.pending !== undefined && !isPendingOperation(p.pending)) return 'invalid "pending"';
  return undefined;
}

function isPendingOperation(v: unknown): v is PendingOperation {
  return (
    isRecord(v) &&
    (v.op === 'add' || v.op === 'remove' || v.op === 'login' || v.op === 'logout') &&
    typeof v.pid === 'number' &&
    typeof v.startedAt === 'string' &&
    (v.scrubFrom === undefined || typeof v.scrubFrom === 'string')
  );
}

/** A short, safe rendering of a bad value for the message (a hand-edited file may hold anything). */
function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
