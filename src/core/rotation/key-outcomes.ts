/**
 * What a base-key rotation reports: typed facts (no words; the CLI and the tray word them), and the dates
 * they are computed from.
 */
import type { ErrorKind } from '../errors';
import { checkGraceDays } from '../rules/rotation-rules';
import type { AccessKeyLastUsed } from './key-iam';
import { graceEndsAt, wholeDaysSince } from './rotation-ledger';
import type { AccessKeyRotationRecord, AccessKeyStep, KeyAge, LastUseFact } from './rotation-store';

export const DEFAULT_GRACE_DAYS = 7;
export { MAX_GRACE_DAYS } from '../rules/rotation-rules';

/** Where a run is; the CLI's test hook pauses on these, the tray can show them as progress. */
export type RotationCheckpoint =
  | 'planned'
  | 'removing-unused'
  | 'creating'
  | 'created'
  | 'stored'
  | 'proving'
  | 'deactivating'
  | 'deactivated'
  | 'rolling-back'
  | 'new-key-deleted'
  | 'rolled-back'
  | 'deleting-old'
  | 'finished';

/** An AWS failure behind an outcome, without words. */
export interface FailureFact {
  kind: ErrorKind | 'wrong-identity';
  awsCode?: string;
}

export interface KeyFact {
  accessKeyId: string;
  status: 'Active' | 'Inactive';
  createDate: string | null;
  lastUsed: AccessKeyLastUsed;
}

export type RotateOutcome =
  | {
      outcome: 'rotated';
      record: AccessKeyRotationRecord;
      /** When the old key may be deleted (`finish`). */
      finishDueAt: string;
      proofAttempts: number;
      removedUnusedKeyId: string | null;
      /** The cached session was made with the old key: it stays valid until then. */
      sessionValidUntil: string | null;
      resumedFrom: AccessKeyStep | null;
    }
  | {
      outcome: 'rolled-back';
      record: AccessKeyRotationRecord;
      reason: 'new-key-not-working' | 'new-key-lost';
      cause: FailureFact | null;
      /** A key we created but could not use, and deleted. */
      deletedKeyIds: string[];
      resumedFrom: AccessKeyStep | null;
    }
  /** A second key exists and is unused or inactive: removing it needs the caller's confirmation. */
  | { outcome: 'needs-confirmation'; secondKey: KeyFact }
  /** A second key exists and is active and used: mfa-tray does not touch it. */
  | { outcome: 'second-key-in-use'; secondKey: KeyFact }
  /** The keychain's key is not one of the user's keys (deleted or replaced outside mfa-tray). */
  | { outcome: 'key-not-listed'; accessKeyIdSuffix: string; listed: string[] }
  | { outcome: 'awaiting-finish'; record: AccessKeyRotationRecord; finishDueAt: string }
  | { outcome: 'busy'; record: AccessKeyRotationRecord };

export type FinishOutcome =
  | { outcome: 'finished'; record: AccessKeyRotationRecord; deletedKeyId: string; alreadyGone: boolean }
  | { outcome: 'not-due'; record: AccessKeyRotationRecord; finishDueAt: string }
  | { outcome: 'old-key-used'; record: AccessKeyRotationRecord; lastUse: LastUseFact }
  /** Someone turned the old key on again: it is in use somewhere. */
  | { outcome: 'old-key-active'; record: AccessKeyRotationRecord; lastUse: LastUseFact | null }
  | { outcome: 'rotation-unfinished'; record: AccessKeyRotationRecord }
  | { outcome: 'nothing-to-finish' }
  | { outcome: 'busy'; record: AccessKeyRotationRecord };

export interface RotationStatus {
  profile: string;
  accessKeyIdSuffix: string | null;
  keyCreatedAt: string | null;
  keyAgeDays: number | null;
  /** The latest rotation, if any. */
  rotation: AccessKeyRotationRecord | null;
  finishDueAt: string | null;
}

/** Whole days since `createdAt`, or null when unknown. */
export function keyAgeDays(createdAt: string | undefined | null, nowMs: number): number | null {
  return wholeDaysSince(createdAt, nowMs);
}

/**
 * The age of the profile's base key, when the recorded creation date is the current key's (a key changed
 * outside a rotation, by a profile edit, has an unknown age).
 */
export function knownKeyAge(
  age: KeyAge | undefined,
  accessKeyIdSuffix: string | undefined | null,
  nowMs: number,
): { createdAt: string; days: number | null } | undefined {
  if (!age || age.accessKeyId.slice(-4) !== accessKeyIdSuffix) return undefined;
  return { createdAt: age.createdAt, days: keyAgeDays(age.createdAt, nowMs) };
}

/** When `finish` may delete the old key: the grace period after deactivation (null before it). */
export function finishDueAt(record: AccessKeyRotationRecord, graceDays = record.graceDays): string | null {
  return graceEndsAt(record.deactivatedAt, graceDays);
}

/** The grace period by its rule (src/core/rules/rotation-rules.ts). */
export function assertGraceDays(days: number): void {
  checkGraceDays(days);
}
