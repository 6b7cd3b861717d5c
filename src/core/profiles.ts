import fs from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { MfaTrayError, quoteInput } from './errors';
import { writeFileAtomic } from './atomic-file';

export type Delivery = 'file' | 'process';

/** Profile metadata: everything about a profile except its secrets (those live in the keychain). */
export interface Profile {
  name: string;
  /** ARN of the MFA device; absent until one is found or set up. */
  mfaSerial?: string;
  region: string;
  durationSeconds: number;
  /** The AWS CLI profile the session is delivered to. */
  target: string;
  delivery: Delivery;
  /** The last four characters of the base access key id, to tell keys apart without revealing them. */
  accessKeyIdSuffix?: string;
  /** When the cached session expires (ISO 8601), if there is one. */
  sessionExpiresAt?: string;
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
  language: 'en' | 'ja' | 'system';
}

export interface MetadataFile {
  version: 1;
  profiles: Profile[];
  settings: Settings;
}

export const DEFAULT_SETTINGS: Settings = { leadTimeSeconds: 600, notifications: true, language: 'system' };
export const DEFAULT_DURATION_SECONDS = 43200;
export const MIN_DURATION_SECONDS = 900;
export const MAX_DURATION_SECONDS = 129600;
export const ROOT_MAX_DURATION_SECONDS = 3600;

/** Names go into INI section headers and keychain account names: keep them plain. */
export const PROFILE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.@+=,-]{0,63}$/;
export const MFA_SERIAL_PATTERN = /^arn:aws[a-z-]*:iam::\d{12}:mfa\/[\w+=,.@/-]+$|^[A-Z0-9]{9,}$/;
export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d+$/;

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
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return { version: 1, profiles: [], settings: { ...DEFAULT_SETTINGS } };
      }
      throw new MfaTrayError('metadata-damaged', `Cannot read ${this.file}: ${(error as Error).message}`, {
        path: this.file,
      });
    }
    return parseMetadata(text, this.file);
  }

  get(name: string): Profile {
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

  /** Read-modify-write under an exclusive lock, so the tray and a CLI call never lose each other's change. */
  async update<T>(mutate: (data: MetadataFile) => T): Promise<T> {
    fs.mkdirSync(this.home, { recursive: true, mode: 0o700 });
    const release = await lockfile.lock(this.file, {
      realpath: false,
      stale: 10_000,
      retries: { retries: 40, minTimeout: 25, maxTimeout: 250, factor: 1.5 },
    });
    try {
      const data = this.load();
      const result = mutate(data);
      await writeFileAtomic(this.file, JSON.stringify(data, null, 2) + '\n');
      return result;
    } finally {
      await release();
    }
  }

  async updateProfile(name: string, mutate: (profile: Profile) => void): Promise<Profile> {
    return this.update((data) => {
      const profile = data.profiles.find((p) => p.name === name);
      if (!profile)
        throw new MfaTrayError(
          'profile-not-found',
          `There is no mfa-tray profile named "${quoteInput(name)}".`,
        );
      mutate(profile);
      return { ...profile };
    });
  }
}

export function parseMetadata(text: string, file: string): MetadataFile {
  const damaged = (why: string) =>
    new MfaTrayError('metadata-damaged', `The mfa-tray profile list ${file} is damaged: ${why}.`, {
      path: file,
      hint: 'Fix or move the file by hand; mfa-tray will not overwrite it. Your keys are still in the keychain.',
    });
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw damaged((error as Error).message);
  }
  if (!isRecord(raw) || raw.version !== 1 || !Array.isArray(raw.profiles)) {
    throw damaged('expected {"version": 1, "profiles": [...]}');
  }
  const profiles = raw.profiles.map((p, i) => {
    const problem = profileProblem(p);
    if (problem) throw damaged(`profile #${i + 1}: ${problem}`);
    return p as Profile;
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
  return { version: 1, profiles, settings };
}

function profileProblem(p: unknown): string | undefined {
  if (!isRecord(p)) return 'not an object';
  if (typeof p.name !== 'string' || !PROFILE_NAME_PATTERN.test(p.name)) return 'invalid "name"';
  if (p.mfaSerial !== undefined && typeof p.mfaSerial !== 'string') return 'invalid "mfaSerial"';
  if (typeof p.region !== 'string') return 'invalid "region"';
  if (typeof p.durationSeconds !== 'number') return 'invalid "durationSeconds"';
  if (typeof p.target !== 'string' || !PROFILE_NAME_PATTERN.test(p.target)) return 'invalid "target"';
  if (p.delivery !== 'file' && p.delivery !== 'process') return '"delivery" must be "file" or "process"';
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

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The 12-digit account id inside an MFA device ARN, for display. */
export function accountIdFromSerial(serial: string | undefined): string | undefined {
  return serial?.match(/^arn:aws[a-z-]*:iam::(\d{12}):/)?.[1];
}

export function isRootMfaSerial(serial: string | undefined): boolean {
  return !!serial && /:mfa\/root-account-mfa-device$/.test(serial);
}
