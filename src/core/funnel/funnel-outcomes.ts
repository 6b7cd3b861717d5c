/**
 * What a Funnel rotation reports: typed facts (no words; the CLI and the popup word them).
 */
import type { ErrorKind, MfaTrayError } from '../errors';
import type { AccessKeyInfo } from '../rotation/key-iam';
import { graceEndsAt } from '../rotation/rotation-ledger';
import type {
  FunnelGroup,
  FunnelLastUse,
  FunnelOldSet,
  FunnelRotationRecord,
  FunnelStep,
} from './funnel-record';

/** Where a run is; the CLI's test hook pauses on these, a popup could show them. */
export type FunnelCheckpoint =
  FunnelStep | 'key-created' | 'set-created' | 'moving-group' | 'group-moved' | 'group-restored';

export interface FunnelRotateInput {
  awsProfile: string;
  iamUser: string;
  soracomProfile: string;
  prefix: string;
  graceDays?: number;
}

/** Which open rotation `--resume` / `--rollback` / `finish` mean (all fields optional). */
export interface FunnelSelector {
  soracomProfile?: string;
  prefix?: string;
}

export interface FunnelPlan {
  awsProfile: string;
  iamUser: string;
  soracomProfile: string;
  prefix: string;
  newSetId: string;
  oldSets: FunnelOldSet[];
  /** Groups that would move (from → newSetId). */
  groups: { groupId: string; name: string | null; from: string }[];
  /** Groups with a Funnel set that does not start with the prefix: left alone. */
  otherGroups: number;
  userKeys: AccessKeyInfo[];
}

export interface FailureFact {
  kind: ErrorKind;
  soracomCode?: string;
  awsCode?: string;
}

export type FunnelRotateOutcome =
  | { outcome: 'dry-run'; plan: FunnelPlan }
  | { outcome: 'switched'; record: FunnelRotationRecord; finishDueAt: string; resumedFrom: FunnelStep | null }
  /** Some group updates failed: `record.groups` says exactly which point where. */
  | {
      outcome: 'partial';
      record: FunnelRotationRecord;
      failed: FunnelGroup[];
      cause: FailureFact;
      phase: 'rotate' | 'rollback';
    }
  | {
      outcome: 'rolled-back';
      record: FunnelRotationRecord;
      deletedKeyId: string | null;
      deletedSetId: string | null;
    }
  | { outcome: 'no-groups'; prefix: string; otherGroups: number }
  /** The IAM user already has two keys (AWS's limit): one has to go first. */
  | { outcome: 'key-limit'; keys: AccessKeyInfo[] }
  /** An unfinished rotation for this SORACOM profile and prefix: resume or roll it back first. */
  | { outcome: 'open-rotation'; record: FunnelRotationRecord }
  | { outcome: 'awaiting-finish'; record: FunnelRotationRecord; finishDueAt: string }
  | { outcome: 'nothing-to-resume' }
  /** More than one open rotation fits: the selector must name one. */
  | { outcome: 'ambiguous'; records: FunnelRotationRecord[] }
  | { outcome: 'busy'; record: FunnelRotationRecord };

export type FunnelFinishOutcome =
  | { outcome: 'finished'; record: FunnelRotationRecord; deletedKeyIds: string[]; deletedSetIds: string[] }
  | { outcome: 'not-due'; record: FunnelRotationRecord; finishDueAt: string }
  /** Groups still point at an old set (moved back by hand, or left by a partial run). */
  | { outcome: 'old-set-in-use'; record: FunnelRotationRecord; groups: { groupId: string; set: string }[] }
  /** Another credential set holds the same old key. */
  | { outcome: 'old-key-shared'; record: FunnelRotationRecord; accessKeyId: string; setIds: string[] }
  | { outcome: 'old-key-used'; record: FunnelRotationRecord; lastUse: FunnelLastUse }
  | { outcome: 'busy'; record: FunnelRotationRecord };

export interface FunnelStatusEntry {
  record: FunnelRotationRecord;
  finishDueAt: string | null;
  /** What is left: nothing, resume-or-rollback (a run stopped), finish (after finishDueAt). */
  left: 'nothing' | 'resume-or-rollback' | 'finish';
}

/** When `finish` may delete the old key and sets: the grace period after the switch (null before it). */
export function funnelFinishDueAt(record: FunnelRotationRecord, graceDays = record.graceDays): string | null {
  return graceEndsAt(record.switchedAt, graceDays);
}

export function failureOf(error: MfaTrayError): FailureFact {
  return {
    kind: error.kind,
    ...(error.details.soracomCode ? { soracomCode: error.details.soracomCode } : {}),
    ...(error.details.awsCode ? { awsCode: error.details.awsCode } : {}),
  };
}
