/**
 * Rotating a profile's base key, in the order that never leaves the user without a working key:
 *
 *   check the user's keys (AWS allows 2; a second, unused one is removed only when the caller confirms) →
 *   CreateAccessKey → the new pair into the keychain at once (the old pair kept beside it) → prove the new key
 *   with sts:GetCallerIdentity signed with it, retrying while it propagates (else roll back: delete the new
 *   key, put the old pair back) → UpdateAccessKey Inactive on the old key → after the grace period, `finish`
 *   deletes the old key unless GetAccessKeyLastUsed shows it was used after deactivation started.
 *
 * Every step is written to rotations.json before its AWS call, so a run that finds an unfinished record knows
 * what may have happened and completes or rolls back from there. One MFA session serves the whole run.
 * Results are typed facts; the CLI and the tray word them.
 */
import { randomUUID } from 'node:crypto';
import type { AwsCredentialsInput } from '../aws-client';
import type { Clock } from '../clock';
import { isMfaTrayError, MfaTrayError, type ErrorKind } from '../errors';
import {
  isBaseKeys,
  readJsonSecret,
  secretAccounts,
  type BaseKeys,
  type SecretStore,
  type SessionCredentials,
} from '../keychain/secret-store';
import { callWithIamAccess, type IamPermission } from '../mfa-devices';
import type { Profile, ProfileStore } from '../profiles';
import type { AccessKeyInfo, AccessKeyLastUsed, CallerIdentityCheck, KeyIam, KeyIamFactory } from './key-iam';
import {
  AWAITING_FINISH_STEPS,
  currentOwner,
  ownerAlive,
  type AccessKeyRotationRecord,
  type AccessKeyStep,
  type KeyAge,
  type LastUseFact,
  type RotationStore,
} from './rotation-store';

export const DEFAULT_GRACE_DAYS = 7;
export const MAX_GRACE_DAYS = 365;
/** AWS documents no propagation delay; 8–15 s is typical. Give up (and roll back) after this. */
export const DEFAULT_PROOF_TIMEOUT_MS = 60_000;
const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 8_000;
/** A session shorter-lived than this could expire in the middle of a run: ask for a code instead. */
const MIN_SESSION_VALIDITY_MS = 5 * 60_000;
/** Our clock and AWS's differ a little; a use of the old key this close to deactivation is our own. */
const LAST_USE_MARGIN_MS = 2 * 60_000;
/** A key created this long before we asked for one cannot be the one we asked for. */
const CREATE_SKEW_MS = 5 * 60_000;
const DAY_MS = 86_400_000;

/** Keychain account for the old pair while a rotation is in flight (rollback puts it back). */
export const previousBaseAccount = (profile: string) => `${profile}/base-keys-previous`;

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

export interface SessionSource {
  cachedSession(name: string, minValidityMs?: number): Promise<SessionCredentials | undefined>;
  login(name: string, code: string): Promise<unknown>;
}

/**
 * One MFA session for a whole run (a key or Funnel rotation): the cached one if it outlives the run, else
 * one login with a code asked once; undefined when the profile has no device or no code can be asked.
 */
export async function runSession(
  sessions: SessionSource,
  profile: Profile,
  codeProvider: ((profile: Profile) => Promise<string>) | undefined,
): Promise<SessionCredentials | undefined> {
  const cached = await sessions.cachedSession(profile.name, MIN_SESSION_VALIDITY_MS);
  if (cached || !profile.mfaSerial || !codeProvider) return cached;
  await sessions.login(profile.name, await codeProvider(profile));
  return sessions.cachedSession(profile.name);
}

export interface KeyRotationOptions {
  profiles: ProfileStore;
  secrets: SecretStore;
  rotations: RotationStore;
  /** The profile's cached MFA session, and login with a code (MfaTrayCore does both). */
  sessions: SessionSource;
  clock: Clock;
  iam: KeyIamFactory;
  sts: CallerIdentityCheck;
  sleep: (ms: number) => Promise<void>;
  /** Asked once per run when there is no valid session and the profile has an MFA device. */
  codeProvider?: (profile: Profile) => Promise<string>;
  onProgress?: (point: RotationCheckpoint, record: AccessKeyRotationRecord) => Promise<void> | void;
  proofTimeoutMs?: number;
}

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

interface Run {
  profile: Profile;
  session: SessionCredentials | undefined;
  /** The base pair IAM calls may fall back to (the old one until the new one is proven). */
  baseKeys: BaseKeys;
}

/** Whole days since `createdAt`, or null when unknown. */
export function keyAgeDays(createdAt: string | undefined | null, nowMs: number): number | null {
  if (!createdAt) return null;
  const t = Date.parse(createdAt);
  return Number.isNaN(t) ? null : Math.max(0, Math.floor((nowMs - t) / DAY_MS));
}

export function finishDueAt(record: AccessKeyRotationRecord, graceDays = record.graceDays): string | null {
  if (!record.deactivatedAt) return null;
  return new Date(Date.parse(record.deactivatedAt) + graceDays * DAY_MS).toISOString();
}

export function assertGraceDays(days: number): void {
  if (!Number.isInteger(days) || days < 0 || days > MAX_GRACE_DAYS) {
    throw new MfaTrayError(
      'invalid-input',
      `The grace period is a whole number of days from 0 to ${MAX_GRACE_DAYS}.`,
    );
  }
}

export class KeyRotation {
  constructor(private readonly o: KeyRotationOptions) {}

  // ---- status ---------------------------------------------------------------------------------------------

  status(name: string): RotationStatus {
    const profile = this.o.profiles.get(name);
    const records = this.o.rotations.accessKeyRotations(name);
    const rotation = records[records.length - 1] ?? null;
    const age = this.o.rotations.keyAge(name);
    // A key changed outside a rotation (profile edit) has an unknown age.
    const known = age && age.accessKeyId.slice(-4) === profile.accessKeyIdSuffix ? age : undefined;
    return {
      profile: name,
      accessKeyIdSuffix: profile.accessKeyIdSuffix ?? null,
      keyCreatedAt: known?.createdAt ?? null,
      keyAgeDays: keyAgeDays(known?.createdAt, this.o.clock.now()),
      rotation,
      finishDueAt: rotation && AWAITING_FINISH_STEPS.includes(rotation.step) ? finishDueAt(rotation) : null,
    };
  }

  /**
   * Records the base key's CreateDate with the profile's cached MFA session (after a login): one
   * GetCallerIdentity and one ListAccessKeys, no code asked, no fallback to the base keys. Returns the
   * age recorded, or undefined when there is no session or IAM did not list the key.
   */
  async refreshKeyAge(name: string): Promise<KeyAge | undefined> {
    const profile = this.o.profiles.get(name);
    const session = await this.o.sessions.cachedSession(name);
    if (!session) return undefined;
    const base = await this.keychainBase(name);
    const identity = await this.o.sts(session, profile.region);
    const userName = userNameOf(identity.arn);
    if (!userName) return undefined;
    const keys = await this.o.iam(session, profile.region).listAccessKeys(userName);
    const key = keys.find((k) => k.accessKeyId === base.accessKeyId);
    if (!key?.createDate) return undefined;
    await this.recordKeyAge(name, key);
    return { accessKeyId: key.accessKeyId, createdAt: key.createDate };
  }

  // ---- rotate ---------------------------------------------------------------------------------------------

  /**
   * Rotates the profile's base key, or continues (completes or rolls back) the rotation a killed run left.
   * `removeUnusedKeyId` is the caller's confirmation to delete that second key first.
   */
  async rotate(
    name: string,
    options: { removeUnusedKeyId?: string; graceDays?: number } = {},
  ): Promise<RotateOutcome> {
    const graceDays = options.graceDays ?? DEFAULT_GRACE_DAYS;
    assertGraceDays(graceDays);
    const profile = this.o.profiles.get(name);
    const open = this.o.rotations.openAccessKeyRotation(name);
    if (open && AWAITING_FINISH_STEPS.includes(open.step)) {
      return { outcome: 'awaiting-finish', record: open, finishDueAt: finishDueAt(open)! };
    }
    if (open) {
      const claimed = await this.claim(open);
      if (!claimed) return { outcome: 'busy', record: open };
      return this.resume(claimed);
    }

    const oldKeys = await this.keychainBase(name);
    const run: Run = { profile, session: await this.session(profile), baseKeys: oldKeys };
    const identity = await this.identity(run);
    const userName = userNameOf(identity.arn);
    const keys = await this.iamCall(run, 'iam:ListAccessKeys', identity.arn, 'list your access keys', (iam) =>
      iam.listAccessKeys(userName),
    );
    const old = keys.find((k) => k.accessKeyId === oldKeys.accessKeyId);
    if (!old) {
      return {
        outcome: 'key-not-listed',
        accessKeyIdSuffix: oldKeys.accessKeyId.slice(-4),
        listed: keys.map((k) => k.accessKeyId),
      };
    }
    await this.recordKeyAge(name, old);
    const second = keys.find((k) => k.accessKeyId !== old.accessKeyId);
    let secondFact: KeyFact | undefined;
    if (second) {
      const lastUsed = await this.iamCall(
        run,
        'iam:GetAccessKeyLastUsed',
        identity.arn,
        'look up when your second access key was used',
        (iam) => iam.getAccessKeyLastUsed(second.accessKeyId),
      );
      secondFact = { ...second, lastUsed };
      if (second.status === 'Active' && lastUsed.date)
        return { outcome: 'second-key-in-use', secondKey: secondFact };
      if (options.removeUnusedKeyId !== second.accessKeyId) {
        return { outcome: 'needs-confirmation', secondKey: secondFact };
      }
    }

    const now = this.nowIso();
    const record: AccessKeyRotationRecord = {
      kind: 'access-key',
      id: randomUUID(),
      profile: name,
      userName,
      userArn: identity.arn,
      oldKeyId: old.accessKeyId,
      oldKeyCreatedAt: old.createDate,
      step: 'planned',
      startedAt: now,
      updatedAt: now,
      graceDays,
      owner: currentOwner(now),
      ...(secondFact ? { unusedKeyId: secondFact.accessKeyId } : {}),
    };
    const created = await this.o.rotations.update((data) => {
      // Another run may have started one meanwhile.
      const other = data.rotations.find(
        (r) =>
          r.kind === 'access-key' &&
          r.profile === name &&
          !['rolled-back', 'finished'].includes(r.step as string),
      );
      if (other) return other as AccessKeyRotationRecord;
      data.rotations.push(record);
      return undefined;
    });
    if (created) return { outcome: 'busy', record: created };
    await this.progress('planned', record);
    return this.fromPlanned(run, record, null);
  }

  /** From 'planned' or 'removing-unused': remove the confirmed second key, then create the new one. */
  private async fromPlanned(
    run: Run,
    start: AccessKeyRotationRecord,
    resumedFrom: AccessKeyStep | null,
  ): Promise<RotateOutcome> {
    let record = start;
    if (record.unusedKeyId) {
      record = await this.step(record, 'removing-unused');
      const unused = record.unusedKeyId!;
      await this.iamCall(run, 'iam:DeleteAccessKey', record.userArn, 'delete your unused access key', (iam) =>
        iam.deleteAccessKey(record.userName, unused),
      );
    }
    // The old pair stays in the keychain until the new key is proven (rollback puts it back).
    await this.o.secrets.set(previousBaseAccount(record.profile), JSON.stringify(run.baseKeys));
    record = await this.step(record, 'creating', (r) => (r.createRequestedAt = this.nowIso()));
    const created = await this.iamCall(
      run,
      'iam:CreateAccessKey',
      record.userArn,
      'create an access key',
      (iam) => iam.createAccessKey(record.userName),
    );
    await this.progress('created', record);
    // Before anything else can fail: the only copy of the new secret goes into the keychain.
    const newKeys: BaseKeys = { accessKeyId: created.accessKeyId, secretAccessKey: created.secretAccessKey };
    await this.o.secrets.set(secretAccounts.base(record.profile), JSON.stringify(newKeys));
    await this.progress('stored', record);
    await this.setProfileKey(record.profile, newKeys.accessKeyId);
    record = await this.step(record, 'proving', (r) => {
      r.newKeyId = created.accessKeyId;
      if (created.createDate) r.newKeyCreatedAt = created.createDate;
    });
    return this.fromProving(run, record, newKeys, resumedFrom);
  }

  private async fromProving(
    run: Run,
    start: AccessKeyRotationRecord,
    newKeys: BaseKeys,
    resumedFrom: AccessKeyStep | null,
  ): Promise<RotateOutcome> {
    const proof = await this.prove(newKeys, start.userArn, run.profile.region);
    if (!proof.ok) return this.rollback(run, start, 'new-key-not-working', proof.cause, resumedFrom);
    // From here on the new key signs whatever base-key calls remain; the old one is never used again.
    run.baseKeys = newKeys;
    const record = await this.step(start, 'deactivating', (r) => (r.deactivatedAt = this.nowIso()));
    return this.fromDeactivating(run, record, proof.attempts, resumedFrom);
  }

  private async fromDeactivating(
    run: Run,
    start: AccessKeyRotationRecord,
    proofAttempts: number,
    resumedFrom: AccessKeyStep | null,
  ): Promise<RotateOutcome> {
    await this.iamCall(run, 'iam:UpdateAccessKey', start.userArn, 'deactivate your old access key', (iam) =>
      iam.updateAccessKey(start.userName, start.oldKeyId, 'Inactive'),
    );
    // The old pair is of no use any more; a kill before this line repeats the (idempotent) deactivation.
    await this.o.secrets.delete(previousBaseAccount(start.profile));
    const record = await this.step(start, 'deactivated', (r) => delete r.owner);
    if (record.newKeyId && record.newKeyCreatedAt) {
      await this.recordKeyAge(record.profile, {
        accessKeyId: record.newKeyId,
        createDate: record.newKeyCreatedAt,
      });
    }
    const session = await this.o.sessions.cachedSession(record.profile);
    return {
      outcome: 'rotated',
      record,
      finishDueAt: finishDueAt(record)!,
      proofAttempts,
      removedUnusedKeyId: record.unusedKeyId ?? null,
      sessionValidUntil: session?.expiration ?? null,
      resumedFrom,
    };
  }

  private async rollback(
    run: Run,
    start: AccessKeyRotationRecord,
    reason: 'new-key-not-working' | 'new-key-lost',
    cause: FailureFact | null,
    resumedFrom: AccessKeyStep | null,
    extraDeleted: string[] = [],
  ): Promise<RotateOutcome> {
    let record = await this.step(start, 'rolling-back', (r) => (r.rollbackReason = reason));
    const deletedKeyIds = [...extraDeleted];
    if (record.newKeyId) {
      const newKeyId = record.newKeyId;
      // The old key is still active at AWS and its pair still in the keychain (previous): safe to delete.
      const result = await this.iamCall(
        run,
        'iam:DeleteAccessKey',
        record.userArn,
        'delete the new access key',
        (iam) => iam.deleteAccessKey(record.userName, newKeyId),
      );
      if (result === 'deleted') deletedKeyIds.push(newKeyId);
      await this.progress('new-key-deleted', record);
    }
    await this.restoreOldKeys(record);
    record = await this.step(record, 'rolled-back', (r) => {
      r.finishedAt = this.nowIso();
      delete r.owner;
    });
    return { outcome: 'rolled-back', record, reason, cause, deletedKeyIds, resumedFrom };
  }

  /** Puts the old pair back as the profile's base key (if the keychain holds the new one). */
  private async restoreOldKeys(record: AccessKeyRotationRecord): Promise<void> {
    const previous = await readJsonSecret(this.o.secrets, previousBaseAccount(record.profile), isBaseKeys);
    const current = await readJsonSecret(this.o.secrets, secretAccounts.base(record.profile), isBaseKeys);
    if (previous && previous.accessKeyId === record.oldKeyId && current?.accessKeyId !== record.oldKeyId) {
      await this.o.secrets.set(secretAccounts.base(record.profile), JSON.stringify(previous));
    }
    await this.setProfileKey(record.profile, record.oldKeyId);
    if (previous) await this.o.secrets.delete(previousBaseAccount(record.profile));
  }

  /** Continues a rotation a killed run left behind, from its recorded step. */
  private async resume(record: AccessKeyRotationRecord): Promise<RotateOutcome> {
    const profile = this.o.profiles.get(record.profile);
    const previous = await readJsonSecret(this.o.secrets, previousBaseAccount(record.profile), isBaseKeys);
    const current = await this.keychainBase(record.profile);
    // IAM calls fall back to the old pair while it is the one AWS surely knows.
    const oldKeys = previous?.accessKeyId === record.oldKeyId ? previous : current;
    const run: Run = { profile, session: await this.session(profile), baseKeys: oldKeys };
    const from = record.step;
    switch (record.step) {
      case 'planned':
      case 'removing-unused':
        return this.fromPlanned(run, record, from);
      case 'creating': {
        if (current.accessKeyId !== record.oldKeyId) {
          // Killed after the new pair reached the keychain: adopt it and go on proving it.
          await this.setProfileKey(record.profile, current.accessKeyId);
          const adopted = await this.step(record, 'proving', (r) => (r.newKeyId = current.accessKeyId));
          return this.fromProving(run, adopted, current, from);
        }
        // Killed between CreateAccessKey and the keychain: a key AWS may have made is of no use (its secret
        // is gone). Delete what we created, keep the old key.
        const keys = await this.iamCall(
          run,
          'iam:ListAccessKeys',
          record.userArn,
          'list your access keys',
          (iam) => iam.listAccessKeys(record.userName),
        );
        const since = Date.parse(record.createRequestedAt ?? record.startedAt) - CREATE_SKEW_MS;
        const ours = keys.filter(
          (k) =>
            k.accessKeyId !== record.oldKeyId && k.createDate !== null && Date.parse(k.createDate) >= since,
        );
        const deleted: string[] = [];
        for (const k of ours) {
          const result = await this.iamCall(
            run,
            'iam:DeleteAccessKey',
            record.userArn,
            'delete an unusable key',
            (iam) => iam.deleteAccessKey(record.userName, k.accessKeyId),
          );
          if (result === 'deleted') deleted.push(k.accessKeyId);
        }
        return this.rollback(run, record, 'new-key-lost', null, from, deleted);
      }
      case 'proving': {
        if (current.accessKeyId !== record.newKeyId) {
          return this.rollback(run, record, 'new-key-lost', null, from);
        }
        return this.fromProving(run, record, current, from);
      }
      case 'rolling-back':
        return this.rollback(
          run,
          record,
          record.rollbackReason === 'new-key-lost' ? 'new-key-lost' : 'new-key-not-working',
          null,
          from,
        );
      case 'deactivating':
        run.baseKeys = current;
        return this.fromDeactivating(run, record, 0, from);
      default:
        // Final or awaiting-finish steps never reach here.
        throw new MfaTrayError('internal', `Cannot resume a rotation at step "${record.step}".`);
    }
  }

  // ---- finish ---------------------------------------------------------------------------------------------

  /** Deletes the old key once the grace period is over and nothing used it after deactivation. */
  async finish(name: string, options: { graceDays?: number } = {}): Promise<FinishOutcome> {
    if (options.graceDays !== undefined) assertGraceDays(options.graceDays);
    const profile = this.o.profiles.get(name);
    const open = this.o.rotations.openAccessKeyRotation(name);
    if (!open) return { outcome: 'nothing-to-finish' };
    if (!AWAITING_FINISH_STEPS.includes(open.step)) return { outcome: 'rotation-unfinished', record: open };
    const due = finishDueAt(open, options.graceDays ?? open.graceDays)!;
    if (this.o.clock.now() < Date.parse(due)) return { outcome: 'not-due', record: open, finishDueAt: due };
    let record = await this.claim(open);
    if (!record) return { outcome: 'busy', record: open };

    const run: Run = {
      profile,
      session: await this.session(profile),
      baseKeys: await this.keychainBase(name),
    };
    try {
      if (record.step === 'deactivated') {
        const keys = await this.iamCall(
          run,
          'iam:ListAccessKeys',
          record.userArn,
          'list your access keys',
          (iam) => iam.listAccessKeys(record!.userName),
        );
        const old = keys.find((k) => k.accessKeyId === record!.oldKeyId);
        if (!old) {
          record = await this.step(record, 'finished', (r) => {
            r.finishedAt = this.nowIso();
            delete r.owner;
          });
          return { outcome: 'finished', record, deletedKeyId: record.oldKeyId, alreadyGone: true };
        }
        const used = await this.iamCall(
          run,
          'iam:GetAccessKeyLastUsed',
          record.userArn,
          'look up when your old access key was used',
          (iam) => iam.getAccessKeyLastUsed(record!.oldKeyId),
        );
        const lastUse = used.date
          ? { date: used.date, serviceName: used.serviceName, region: used.region }
          : null;
        const usedAfter =
          lastUse !== null &&
          Date.parse(lastUse.date) > Date.parse(record.deactivatedAt!) + LAST_USE_MARGIN_MS;
        if (old.status === 'Active' || usedAfter) {
          record = await this.o.rotations.updateRecord(record.id, (r) => {
            if (lastUse) r.lastUseSeen = lastUse;
            delete r.owner;
            r.updatedAt = this.nowIso();
          });
          return old.status === 'Active'
            ? { outcome: 'old-key-active', record, lastUse }
            : { outcome: 'old-key-used', record, lastUse: lastUse! };
        }
        record = await this.step(record, 'deleting-old');
      }
      const target = record;
      await this.iamCall(run, 'iam:DeleteAccessKey', record.userArn, 'delete your old access key', (iam) =>
        iam.deleteAccessKey(target.userName, target.oldKeyId),
      );
      record = await this.step(record, 'finished', (r) => {
        r.finishedAt = this.nowIso();
        delete r.owner;
      });
      return { outcome: 'finished', record, deletedKeyId: record.oldKeyId, alreadyGone: false };
    } catch (error) {
      // Let the next finish (or the tray) try again without waiting for a dead owner.
      await this.o.rotations.updateRecord(record.id, (r) => delete r.owner).catch(() => undefined);
      throw error;
    }
  }

  // ---- helpers --------------------------------------------------------------------------------------------

  /** Takes a record over for this run, unless a live run owns it. */
  private async claim(record: AccessKeyRotationRecord): Promise<AccessKeyRotationRecord | undefined> {
    return this.o.rotations.update((data) => {
      const r = data.rotations.find((x) => x.id === record.id) as AccessKeyRotationRecord | undefined;
      if (!r || ownerAlive(r.owner)) return undefined;
      r.owner = currentOwner(this.nowIso());
      return { ...r };
    });
  }

  /** Writes the step (and any other change) before the step's AWS call, then reports progress. */
  private async step(
    record: AccessKeyRotationRecord,
    step: AccessKeyStep,
    mutate?: (r: AccessKeyRotationRecord) => void,
  ): Promise<AccessKeyRotationRecord> {
    const updated = await this.o.rotations.updateRecord(record.id, (r) => {
      r.step = step;
      r.updatedAt = this.nowIso();
      mutate?.(r);
    });
    await this.progress(step, updated);
    return updated;
  }

  private async progress(point: RotationCheckpoint, record: AccessKeyRotationRecord): Promise<void> {
    if (this.o.onProgress) await this.o.onProgress(point, record);
  }

  /** Proves the new key with GetCallerIdentity signed with it, retrying with backoff while it propagates. */
  private async prove(
    keys: BaseKeys,
    expectedArn: string,
    region: string,
  ): Promise<{ ok: true; attempts: number } | { ok: false; attempts: number; cause: FailureFact }> {
    const timeout = this.o.proofTimeoutMs ?? DEFAULT_PROOF_TIMEOUT_MS;
    const started = Date.now();
    let slept = 0;
    let delay = FIRST_RETRY_MS;
    for (let attempts = 1; ; attempts++) {
      let cause: FailureFact;
      try {
        const identity = await this.o.sts(keys, region);
        if (identity.arn === expectedArn) return { ok: true, attempts };
        return { ok: false, attempts, cause: { kind: 'wrong-identity' } };
      } catch (error) {
        if (!isMfaTrayError(error)) throw error;
        cause = { kind: error.kind, ...(error.details.awsCode ? { awsCode: error.details.awsCode } : {}) };
        const transient = ['invalid-base-key', 'network', 'throttled', 'server', 'timeout'].includes(
          error.kind,
        );
        if (!transient) return { ok: false, attempts, cause };
      }
      // Real time (the budget is about AWS propagating the key, not the app's clock), and at least the time
      // slept, so an injected sleep keeps the count of attempts the same.
      if (Math.max(Date.now() - started, slept) + delay > timeout) return { ok: false, attempts, cause };
      await this.o.sleep(delay);
      slept += delay;
      delay = Math.min(Math.round(delay * 1.6), MAX_RETRY_MS);
    }
  }

  /** One MFA session for the whole run: the cached one, or a login with one code; else none (base keys). */
  private session(profile: Profile): Promise<SessionCredentials | undefined> {
    return runSession(this.o.sessions, profile, this.o.codeProvider);
  }

  private async identity(run: Run): Promise<{ arn: string }> {
    const credentials: AwsCredentialsInput = run.session ?? run.baseKeys;
    const identity = await this.o.sts(credentials, run.profile.region);
    if (!userNameOf(identity.arn)) {
      throw new MfaTrayError(
        'root-user',
        `The keys of "${run.profile.name}" are not an IAM user's (${identity.arn}); mfa-tray rotates IAM users' keys.`,
      );
    }
    return identity;
  }

  /** An IAM call with the run's MFA session, falling back to base keys (see callWithIamAccess). */
  private async iamCall<T>(
    run: Run,
    action: string,
    userArn: string,
    what: string,
    call: (iam: KeyIam) => Promise<T>,
  ): Promise<T> {
    const permission: IamPermission = { action, resource: userArn, what };
    const { value } = await callWithIamAccess(
      {
        profile: run.profile.name,
        hasMfaDevice: run.profile.mfaSerial !== undefined,
        baseKeys: () => Promise.resolve(run.baseKeys),
        mfaSession: () => Promise.resolve(run.session),
        sessionFirst: true,
      },
      permission,
      (credentials) => call(this.o.iam(credentials, run.profile.region)),
    );
    return value;
  }

  private async keychainBase(name: string): Promise<BaseKeys> {
    const base = await readJsonSecret(this.o.secrets, secretAccounts.base(name), isBaseKeys);
    if (!base) {
      throw new MfaTrayError('invalid-base-key', `The keychain holds no access key for "${name}".`);
    }
    // Only the pair: whatever else the stored JSON carries is not ours to copy around.
    return { accessKeyId: base.accessKeyId, secretAccessKey: base.secretAccessKey };
  }

  private async setProfileKey(name: string, accessKeyId: string): Promise<void> {
    await this.o.profiles.updateProfile(name, (p) => {
      p.accessKeyIdSuffix = accessKeyId.slice(-4);
    });
  }

  private recordKeyAge(name: string, key: Pick<AccessKeyInfo, 'accessKeyId' | 'createDate'>): Promise<void> {
    return this.o.rotations.recordKeyAge(name, key);
  }

  private nowIso(): string {
    return new Date(this.o.clock.now()).toISOString();
  }
}

/** The IAM user name in a caller ARN, or undefined for root and roles. */
export function userNameOf(arn: string): string {
  const match = /^arn:aws[a-z-]*:iam::\d{12}:user\/(?:.*\/)?([^/]+)$/.exec(arn);
  return match?.[1] ?? '';
}
