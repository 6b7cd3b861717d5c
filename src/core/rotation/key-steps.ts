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
import { MfaTrayError } from '../errors';
import type { BaseKeys } from '../keychain/secret-store';
import type { ProfileStore } from '../profiles';
import type { KeyAccess, KeyRun } from './key-access';
import { finishDueAt, type FailureFact, type RotateOutcome, type RotationCheckpoint } from './key-outcomes';
import type { KeyProof } from './key-proof';
import { CREATE_SKEW_MS, type RotationLedger } from './rotation-ledger';
import type { AccessKeyRotationRecord, AccessKeyStep } from './rotation-store';
import type { SessionSource } from './run-session';

export type KeyLedger = RotationLedger<AccessKeyRotationRecord, RotationCheckpoint>;

export interface KeyStepsOptions {
  ledger: KeyLedger;
  access: KeyAccess;
  proof: KeyProof;
  profiles: ProfileStore;
  sessions: Pick<SessionSource, 'cachedSession'>;
}

/**
 * The step machine of one claimed record: forward from 'planned' to 'deactivated' (where it waits for
 * finish), back to 'rolled-back' when the new key does not work, and on from wherever a killed run stopped.
 */
export class KeySteps {
  constructor(private readonly o: KeyStepsOptions) {}

  /** From 'planned' or 'removing-unused': remove the confirmed second key, then create the new one. */
  async fromPlanned(
    run: KeyRun,
    start: AccessKeyRotationRecord,
    resumedFrom: AccessKeyStep | null,
  ): Promise<RotateOutcome> {
    let record = start;
    if (record.unusedKeyId) {
      record = await this.o.ledger.step(record, 'removing-unused');
      const unused = record.unusedKeyId!;
      await this.o.access.iamCall(
        run,
        'iam:DeleteAccessKey',
        record.userArn,
        'delete your unused access key',
        (iam) => iam.deleteAccessKey(record.userName, unused),
      );
    }
    // The old pair stays in the keychain until the new key is proven (rollback puts it back).
    await this.o.access.keepPreviousBase(record.profile, run.baseKeys);
    record = await this.o.ledger.step(
      record,
      'creating',
      (r) => (r.createRequestedAt = this.o.ledger.nowIso()),
    );
    const created = await this.o.access.iamCall(
      run,
      'iam:CreateAccessKey',
      record.userArn,
      'create an access key',
      (iam) => iam.createAccessKey(record.userName),
    );
    await this.o.ledger.progress('created', record);
    // Before anything else can fail: the only copy of the new secret goes into the keychain.
    const newKeys: BaseKeys = { accessKeyId: created.accessKeyId, secretAccessKey: created.secretAccessKey };
    await this.o.access.storeBase(record.profile, newKeys);
    await this.o.ledger.progress('stored', record);
    await this.o.access.setProfileKey(record.profile, newKeys.accessKeyId);
    record = await this.o.ledger.step(record, 'proving', (r) => {
      r.newKeyId = created.accessKeyId;
      if (created.createDate) r.newKeyCreatedAt = created.createDate;
    });
    return this.fromProving(run, record, newKeys, resumedFrom);
  }

  private async fromProving(
    run: KeyRun,
    start: AccessKeyRotationRecord,
    newKeys: BaseKeys,
    resumedFrom: AccessKeyStep | null,
  ): Promise<RotateOutcome> {
    const proof = await this.o.proof.prove(newKeys, start.userArn, run.profile.region);
    if (!proof.ok) return this.rollback(run, start, 'new-key-not-working', proof.cause, resumedFrom);
    // From here on the new key signs whatever base-key calls remain; the old one is never used again.
    run.baseKeys = newKeys;
    const record = await this.o.ledger.step(
      start,
      'deactivating',
      (r) => (r.deactivatedAt = this.o.ledger.nowIso()),
    );
    return this.fromDeactivating(run, record, proof.attempts, resumedFrom);
  }

  private async fromDeactivating(
    run: KeyRun,
    start: AccessKeyRotationRecord,
    proofAttempts: number,
    resumedFrom: AccessKeyStep | null,
  ): Promise<RotateOutcome> {
    await this.o.access.iamCall(
      run,
      'iam:UpdateAccessKey',
      start.userArn,
      'deactivate your old access key',
      (iam) => iam.updateAccessKey(start.userName, start.oldKeyId, 'Inactive'),
    );
    // The old pair is of no use any more; a kill before this line repeats the (idempotent) deactivation.
    await this.o.access.dropPreviousBase(start.profile);
    const record = await this.o.ledger.step(start, 'deactivated', (r) => delete r.owner);
    if (record.newKeyId && record.newKeyCreatedAt) {
      await this.o.access.recordKeyAge(record.profile, {
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
    run: KeyRun,
    start: AccessKeyRotationRecord,
    reason: 'new-key-not-working' | 'new-key-lost',
    cause: FailureFact | null,
    resumedFrom: AccessKeyStep | null,
    extraDeleted: string[] = [],
  ): Promise<RotateOutcome> {
    let record = await this.o.ledger.step(start, 'rolling-back', (r) => (r.rollbackReason = reason));
    const deletedKeyIds = [...extraDeleted];
    if (record.newKeyId) {
      const newKeyId = record.newKeyId;
      // The old key is still active at AWS and its pair still in the keychain (previous): safe to delete.
      const result = await this.o.access.iamCall(
        run,
        'iam:DeleteAccessKey',
        record.userArn,
        'delete the new access key',
        (iam) => iam.deleteAccessKey(record.userName, newKeyId),
      );
      if (result === 'deleted') deletedKeyIds.push(newKeyId);
      await this.o.ledger.progress('new-key-deleted', record);
    }
    await this.o.access.restoreOldKeys(record);
    record = await this.o.ledger.step(record, 'rolled-back', (r) => {
      r.finishedAt = this.o.ledger.nowIso();
      delete r.owner;
    });
    return { outcome: 'rolled-back', record, reason, cause, deletedKeyIds, resumedFrom };
  }

  /** Continues a rotation a killed run left behind, from its recorded step. */
  async resume(record: AccessKeyRotationRecord): Promise<RotateOutcome> {
    const profile = this.o.profiles.get(record.profile);
    const previous = await this.o.access.previousBase(record.profile);
    const current = await this.o.access.keychainBase(record.profile);
    // IAM calls fall back to the old pair while it is the one AWS surely knows.
    const oldKeys = previous?.accessKeyId === record.oldKeyId ? previous : current;
    const run = await this.o.access.openRun(profile, oldKeys);
    const from = record.step;
    switch (record.step) {
      case 'planned':
      case 'removing-unused':
        return this.fromPlanned(run, record, from);
      case 'creating': {
        if (current.accessKeyId !== record.oldKeyId) {
          // Killed after the new pair reached the keychain: adopt it and go on proving it.
          await this.o.access.setProfileKey(record.profile, current.accessKeyId);
          const adopted = await this.o.ledger.step(
            record,
            'proving',
            (r) => (r.newKeyId = current.accessKeyId),
          );
          return this.fromProving(run, adopted, current, from);
        }
        // Killed between CreateAccessKey and the keychain: a key AWS may have made is of no use (its secret
        // is gone). Delete what we created, keep the old key.
        const keys = await this.o.access.iamCall(
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
          const result = await this.o.access.iamCall(
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
}
