/**
 * A Funnel key rotation as rotations.json remembers it (beside the base-key rotations): the plan, each
 * group's progress, and what `funnel finish` must delete later. Key and credential-set ids are not secrets;
 * the new key's secret is never recorded anywhere (it goes from IAM straight to SORACOM).
 */
import { RECORD_VALIDATORS, type RotationRecord, type RotationStore } from '../rotation/rotation-store';
import type { RecordOwner } from '../rotation/rotation-store';
import type { FunnelLastUseDto } from '../../shared/dto/rotation';

/**
 * Steps in order. `step` is written BEFORE the call it names, so a killed run can tell what may have
 * happened: 'creating-key' (CreateAccessKey may have run), 'creating-set' (the new key exists; the set may
 * exist), 'moving' (groups being pointed at the new set), 'switched' (every group moved; waits for
 * `finish`), 'finishing' (deleting the old key and set), 'rolling-back'.
 */
export const FUNNEL_STEPS = [
  'planned',
  'creating-key',
  'creating-set',
  'moving',
  'switched',
  'finishing',
  'finished',
  'rolling-back',
  'rolled-back',
] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];

export const FUNNEL_FINAL_STEPS: readonly FunnelStep[] = ['finished', 'rolled-back'];

/** Where one group's Funnel points, as far as this rotation knows. */
export type FunnelGroupState = 'pending' | 'moving' | 'moved' | 'failed' | 'restored';

export interface FunnelGroup {
  groupId: string;
  /** The group's `name` tag, for people. */
  name: string | null;
  /** The credential set it used before the rotation (rollback points it back there). */
  from: string;
  state: FunnelGroupState;
  /** When it reached `moved` (or `restored`). */
  at?: string;
  /** SORACOM's error code of the last failed update, if it gave one. */
  failureCode?: string;
}

/** A credential set the groups used before the rotation, and the IAM key it holds (if it is USER's). */
export interface FunnelOldSet {
  credentialsId: string;
  /** The access key id SORACOM shows for the set, when it is one of the IAM user's keys (deleted by finish). */
  accessKeyId: string | null;
}

/** A use of an old key, and which key: the IPC DTO's shape (src/shared/dto/rotation.ts), declared once. */
export type FunnelLastUse = FunnelLastUseDto;

export interface FunnelRotationRecord {
  kind: 'funnel';
  id: string;
  awsProfile: string;
  iamUser: string;
  soracomProfile: string;
  prefix: string;
  oldSets: FunnelOldSet[];
  newSetId: string;
  newKeyId?: string;
  groups: FunnelGroup[];
  step: FunnelStep;
  graceDays: number;
  startedAt: string;
  updatedAt: string;
  /** The IAM user's key ids when the rotation was planned (any other key of the user is ours). */
  keysBefore?: string[];
  /** When CreateAccessKey was about to be sent: a key of the user created after it (minus skew) is ours. */
  createRequestedAt?: string;
  /** When the last group moved: uses of an old key after this (plus a margin) block `finish`. */
  switchedAt?: string;
  finishedAt?: string;
  /** The old keys and sets `finish` deleted. */
  deletedKeyIds?: string[];
  deletedSetIds?: string[];
  /** What the last `finish` found in the way. */
  lastUseSeen?: FunnelLastUse;
  owner?: RecordOwner;
}

/** A Funnel record of rotations.json (validated by funnelRecordProblem when the file was loaded). */
export function asFunnelRecord(r: RotationRecord | undefined): FunnelRotationRecord | undefined {
  return r?.kind === 'funnel' ? (r as unknown as FunnelRotationRecord) : undefined;
}

/** Records still open (neither finished nor rolled back), oldest first. */
export function openFunnelRecords(rotations: RotationStore): FunnelRotationRecord[] {
  return funnelRecords(rotations).filter((r) => !FUNNEL_FINAL_STEPS.includes(r.step));
}

export function funnelRecords(rotations: RotationStore): FunnelRotationRecord[] {
  return rotations.load().rotations.flatMap((r) => asFunnelRecord(r) ?? []);
}

/** Changes one Funnel record under the store's lock and returns its new state. */
export async function updateFunnelRecord(
  rotations: RotationStore,
  id: string,
  mutate: (r: FunnelRotationRecord) => void,
): Promise<FunnelRotationRecord> {
  return rotations.updateOfKind<FunnelRotationRecord>('funnel', id, mutate);
}

const GROUP_STATES: readonly string[] = ['pending', 'moving', 'moved', 'failed', 'restored'];

export function funnelRecordProblem(r: Record<string, unknown>): string | undefined {
  for (const field of ['awsProfile', 'iamUser', 'soracomProfile', 'prefix', 'newSetId'] as const) {
    if (typeof r[field] !== 'string' || !r[field]) return `invalid "${field}"`;
  }
  if (!(FUNNEL_STEPS as readonly unknown[]).includes(r.step)) return `unknown step "${String(r.step)}"`;
  if (typeof r.graceDays !== 'number' || !(r.graceDays >= 0)) return 'invalid "graceDays"';
  for (const field of ['startedAt', 'updatedAt'] as const) {
    if (!isDate(r[field])) return `invalid "${field}"`;
  }
  for (const field of ['createRequestedAt', 'switchedAt', 'finishedAt'] as const) {
    if (r[field] !== undefined && !isDate(r[field])) return `invalid "${field}"`;
  }
  if (r.newKeyId !== undefined && typeof r.newKeyId !== 'string') return 'invalid "newKeyId"';
  if (!Array.isArray(r.oldSets)) return 'invalid "oldSets"';
  for (const s of r.oldSets as unknown[]) {
    const set = s as Record<string, unknown> | null;
    if (!set || typeof set.credentialsId !== 'string') return 'invalid "oldSets" entry';
    if (set.accessKeyId !== null && typeof set.accessKeyId !== 'string') return 'invalid "oldSets" entry';
  }
  if (!Array.isArray(r.groups)) return 'invalid "groups"';
  for (const g of r.groups as unknown[]) {
    const group = g as Record<string, unknown> | null;
    if (!group || typeof group.groupId !== 'string' || typeof group.from !== 'string')
      return 'invalid "groups" entry';
    if (!GROUP_STATES.includes(group.state as string)) return `unknown group state "${String(group.state)}"`;
  }
  if (['switched', 'finishing', 'finished'].includes(r.step as string) && (!r.switchedAt || !r.newKeyId)) {
    return `step "${String(r.step)}" without "switchedAt" and "newKeyId"`;
  }
  return undefined;
}

// The record kind lives in the shared rotations.json; its validator joins the store's table.
RECORD_VALIDATORS.funnel = funnelRecordProblem;

function isDate(v: unknown): boolean {
  return typeof v === 'string' && !Number.isNaN(Date.parse(v));
}
