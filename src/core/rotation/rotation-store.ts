import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { MfaTrayError } from '../errors';
import { writeFileAtomic } from '../atomic-file';
import type { LastUseDto } from '../../shared/dto/rotation';

/**
 * Steps of a base-key rotation, in order. `step` is written BEFORE the AWS call the step makes, so a run
 * that was killed can tell from it what may or may not have happened at AWS (see KeyRotation.resume).
 */
export const ACCESS_KEY_STEPS = [
  'planned',
  'removing-unused',
  'creating',
  'proving',
  'rolling-back',
  'rolled-back',
  'deactivating',
  'deactivated',
  'deleting-old',
  'finished',
] as const;
export type AccessKeyStep = (typeof ACCESS_KEY_STEPS)[number];

/** Steps after which nothing is left to do. */
export const FINAL_STEPS: readonly AccessKeyStep[] = ['rolled-back', 'finished'];
/** Steps where the rotation waits for `--finish` (the old key is inactive, the new one in use). */
export const AWAITING_FINISH_STEPS: readonly AccessKeyStep[] = ['deactivated', 'deleting-old'];

/** A use of a key as IAM reports it: the IPC DTO itself (src/shared/dto/rotation.ts), one declaration. */
export type LastUseFact = LastUseDto;

/** The run that is working on a record right now (a dead pid means the run was killed). */
export interface RecordOwner {
  pid: number;
  host: string;
  since: string;
}

/** One rotation of a profile's base key. Key ids are not secrets; secrets live only in the keychain. */
export interface AccessKeyRotationRecord {
  kind: 'access-key';
  id: string;
  profile: string;
  userName: string;
  userArn: string;
  oldKeyId: string;
  oldKeyCreatedAt: string | null;
  newKeyId?: string;
  newKeyCreatedAt?: string;
  /** A second key the user confirmed to delete before creating the new one (the AWS limit is 2). */
  unusedKeyId?: string;
  step: AccessKeyStep;
  startedAt: string;
  updatedAt: string;
  /** When CreateAccessKey was about to be sent: keys created after it (minus skew) may be ours. */
  createRequestedAt?: string;
  /** When the deactivation of the old key started (our clock). */
  deactivatedAt?: string;
  graceDays: number;
  finishedAt?: string;
  rollbackReason?: string;
  /** Use of the old key after deactivation that a finish found (and so did not delete it). */
  lastUseSeen?: LastUseFact;
  owner?: RecordOwner;
}

/**
 * Records of other kinds (a Funnel rotation: old/new key, credential sets, groups) share the file; each kind
 * brings its validator in RECORD_VALIDATORS. A kind this version does not know is kept as it is.
 */
export interface ForeignRotationRecord {
  kind: string;
  id: string;
  [field: string]: unknown;
}

export type RotationRecord = AccessKeyRotationRecord | ForeignRotationRecord;

export interface KeyAge {
  accessKeyId: string;
  /** CreateDate from IAM (ISO 8601). */
  createdAt: string;
}

export interface RotationFile {
  version: 1;
  rotations: RotationRecord[];
  /** Base key creation dates by profile name, for the key age in `status`. */
  keyAges: Record<string, KeyAge>;
}

export const RECORD_VALIDATORS: Record<string, (r: Record<string, unknown>) => string | undefined> = {
  'access-key': accessKeyRecordProblem,
};

export function isAccessKeyRecord(r: RotationRecord): r is AccessKeyRotationRecord {
  return r.kind === 'access-key';
}

/**
 * rotations.json under MFA_TRAY_HOME: the plan and progress of every rotation. Same rules as profiles.json:
 * validated on load, written atomically under a lock, a damaged file reported and never reset (it may be
 * the only place that remembers an old key still to delete).
 */
export class RotationStore {
  readonly file: string;

  constructor(readonly home: string) {
    this.file = path.join(home, 'rotations.json');
  }

  load(): RotationFile {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        return { version: 1, rotations: [], keyAges: {} };
      throw new MfaTrayError('metadata-damaged', `Cannot read ${this.file}: ${(error as Error).message}`, {
        path: this.file,
      });
    }
    return parseRotationFile(text, this.file);
  }

  async update<T>(mutate: (data: RotationFile) => T): Promise<T> {
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

  /** The profile's access-key rotations, oldest first. */
  accessKeyRotations(profile: string): AccessKeyRotationRecord[] {
    return this.load().rotations.filter(
      (r): r is AccessKeyRotationRecord => isAccessKeyRecord(r) && r.profile === profile,
    );
  }

  /** The profile's rotation that is not over yet (at most one), if any. */
  openAccessKeyRotation(profile: string): AccessKeyRotationRecord | undefined {
    return this.accessKeyRotations(profile).find((r) => !FINAL_STEPS.includes(r.step));
  }

  /** Changes one base-key rotation record under the lock and returns its new state. */
  async updateRecord(
    id: string,
    mutate: (r: AccessKeyRotationRecord) => void,
  ): Promise<AccessKeyRotationRecord> {
    return this.updateOfKind<AccessKeyRotationRecord>('access-key', id, mutate);
  }

  /** Changes one record of the kind under the lock and returns (a copy of) its new state. */
  async updateOfKind<R extends { kind: string; id: string }>(
    kind: R['kind'],
    id: string,
    mutate: (r: R) => void,
  ): Promise<R> {
    return this.update((data) => {
      const record = data.rotations.find((r) => r.id === id && r.kind === kind);
      if (!record) {
        throw new MfaTrayError('metadata-damaged', `The rotation ${id} is no longer in ${this.file}.`, {
          path: this.file,
        });
      }
      mutate(record as unknown as R);
      return structuredClone(record) as unknown as R;
    });
  }

  keyAge(profile: string): KeyAge | undefined {
    return this.load().keyAges[profile];
  }

  /** Remembers a base key's CreateDate (IAM's) for its age; a key without one is not recorded. */
  async recordKeyAge(
    profile: string,
    key: { accessKeyId: string; createDate: string | null },
  ): Promise<void> {
    if (!key.createDate) return;
    const createdAt = key.createDate;
    await this.update((data) => {
      data.keyAges[profile] = { accessKeyId: key.accessKeyId, createdAt };
    });
  }
}

/** This process, as the owner of a record. */
export function currentOwner(nowIso: string): RecordOwner {
  return { pid: process.pid, host: os.hostname(), since: nowIso };
}

/** Whether the run that owns a record is still running (a killed run leaves a dead pid behind). */
export function ownerAlive(owner: RecordOwner | undefined): boolean {
  if (!owner) return false;
  if (owner.pid === process.pid && owner.host === os.hostname()) return false;
  if (owner.host !== os.hostname()) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function parseRotationFile(text: string, file: string): RotationFile {
  const damaged = (why: string) =>
    new MfaTrayError('metadata-damaged', `The mfa-tray rotation list ${file} is damaged: ${why}.`, {
      path: file,
      hint: 'Fix or move the file by hand; mfa-tray will not overwrite it. It remembers old keys still to delete.',
    });
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw damaged((error as Error).message);
  }
  if (!isRecord(raw) || raw.version !== 1 || !Array.isArray(raw.rotations)) {
    throw damaged('expected {"version": 1, "rotations": [...]}');
  }
  const ids = new Set<string>();
  const rotations = raw.rotations.map((r, i) => {
    if (!isRecord(r) || typeof r.kind !== 'string' || typeof r.id !== 'string' || !r.id) {
      throw damaged(`rotation #${i + 1}: needs "kind" and "id"`);
    }
    const problem = RECORD_VALIDATORS[r.kind]?.(r);
    if (problem) throw damaged(`rotation #${i + 1}: ${problem}`);
    if (ids.has(r.id)) throw damaged(`rotation "${r.id}" appears twice`);
    ids.add(r.id);
    return r as RotationRecord;
  });
  const keyAges: Record<string, KeyAge> = {};
  if (raw.keyAges !== undefined) {
    if (!isRecord(raw.keyAges)) throw damaged('"keyAges" must be an object');
    for (const [profile, age] of Object.entries(raw.keyAges)) {
      if (!isRecord(age) || typeof age.accessKeyId !== 'string' || !isDate(age.createdAt)) {
        throw damaged(`keyAges["${profile}"] needs accessKeyId and createdAt`);
      }
      keyAges[profile] = { accessKeyId: age.accessKeyId, createdAt: age.createdAt as string };
    }
  }
  return { version: 1, rotations, keyAges };
}

function accessKeyRecordProblem(r: Record<string, unknown>): string | undefined {
  for (const field of ['profile', 'userName', 'userArn', 'oldKeyId'] as const) {
    if (typeof r[field] !== 'string' || !r[field]) return `invalid "${field}"`;
  }
  if (!(ACCESS_KEY_STEPS as readonly unknown[]).includes(r.step)) return `unknown step "${String(r.step)}"`;
  if (typeof r.graceDays !== 'number' || !(r.graceDays >= 0)) return 'invalid "graceDays"';
  for (const field of ['startedAt', 'updatedAt'] as const) {
    if (!isDate(r[field])) return `invalid "${field}"`;
  }
  for (const field of ['createRequestedAt', 'deactivatedAt', 'finishedAt', 'newKeyCreatedAt'] as const) {
    if (r[field] !== undefined && !isDate(r[field])) return `invalid "${field}"`;
  }
  if (r.newKeyId !== undefined && typeof r.newKeyId !== 'string') return 'invalid "newKeyId"';
  const needsDeactivation: unknown[] = ['deactivated', 'deleting-old', 'finished'];
  if (needsDeactivation.includes(r.step) && (!r.deactivatedAt || !r.newKeyId)) {
    return `step "${String(r.step)}" without "deactivatedAt" and "newKeyId"`;
  }
  return undefined;
}

function isDate(v: unknown): boolean {
  return typeof v === 'string' && !Number.isNaN(Date.parse(v));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
