/**
 * Rotating the AWS key SORACOM Funnel publishes with, in an order that never leaves a group without a
 * working key:
 *
 *   list the SIM groups (paged) whose SoracomFunnel credentialsId starts with PREFIX → CreateAccessKey for
 *   the IAM user → a new credential set PREFIX-YYMMDD (-2, -3 … when taken) holding the new key (the secret
 *   goes from IAM straight to SORACOM's write-only store, nowhere else) → each group pointed at the new set
 *   → `switched`. The old key stays ACTIVE: groups not yet moved (or moved back by a rollback) keep
 *   working, and its GetAccessKeyLastUsed after the switch tells `finish` whether anything still uses it.
 *   `finish`, after the grace period, deletes the old key and the old set only when no group points at the
 *   set and the key was not used since the switch.
 *
 * Every step is written to rotations.json before its call, so `--resume` completes what a killed or failed
 * run left and `--rollback` undoes it. Results are typed facts; the CLI words them.
 */
import type { Clock } from '../clock';
import { MfaTrayError } from '../errors';
import { CREATE_SKEW_MS, type RotationLedger } from '../rotation/rotation-ledger';
import type { FunnelGroup, FunnelRotationRecord, FunnelStep } from './funnel-record';
import {
  failureOf,
  funnelFinishDueAt,
  type FailureFact,
  type FunnelCheckpoint,
  type FunnelRotateOutcome,
} from './funnel-outcomes';
import { newSetIdFor } from './funnel-plan';
import { groupRefusal, setKeyId, type FunnelRun } from './funnel-run';

export type FunnelLedger = RotationLedger<FunnelRotationRecord, FunnelCheckpoint>;

/**
 * The step machine of one claimed record: forward from 'planned' to 'switched', back from any step to
 * 'rolled-back', and on from wherever a killed run stopped. FunnelRotation claims and releases the record.
 */
export class FunnelSteps {
  constructor(private readonly o: { ledger: FunnelLedger; clock: Clock }) {}

  /** Completes a rotation from the step a failed or killed run left it at. */
  async resume(run: FunnelRun, record: FunnelRotationRecord): Promise<FunnelRotateOutcome> {
    const from = record.step;
    switch (record.step) {
      case 'planned':
        return this.fromPlanned(run, record, from);
      case 'creating-key':
        await this.deleteOrphanKeys(run, record);
        return this.fromPlanned(run, await this.o.ledger.step(record, 'planned'), from);
      case 'creating-set': {
        const sets = await run.soracom.sets();
        const set = sets.find((s) => s.credentialsId === record.newSetId);
        if (set && setKeyId(set) === record.newKeyId) {
          return this.fromMoving(run, await this.o.ledger.step(record, 'moving'), from);
        }
        // The set was not made (or is someone else's): the new secret died with the run. Delete the key
        // it belonged to and start over from a fresh key (and a free set id).
        const restarted = await this.dropNewKey(run, record, new Set(sets.map((s) => s.credentialsId)));
        return this.fromPlanned(run, restarted, from);
      }
      case 'moving':
        return this.fromMoving(run, record, from);
      case 'rolling-back':
        return this.undo(run, record);
      default:
        throw new MfaTrayError('internal', `Cannot resume a Funnel rotation at step "${record.step}".`);
    }
  }

  /** From 'planned': a new key, the set holding it, then the groups moved to it. */
  async fromPlanned(
    run: FunnelRun,
    start: FunnelRotationRecord,
    resumedFrom: FunnelStep | null,
  ): Promise<FunnelRotateOutcome> {
    // The planned id may have been taken since (by someone else, or a set a killed run could not finish).
    const taken = new Set((await run.soracom.sets()).map((s) => s.credentialsId));
    let record = await this.o.ledger.step(start, 'creating-key', (r) => {
      r.createRequestedAt = this.o.ledger.nowIso();
      if (taken.has(r.newSetId)) r.newSetId = newSetIdFor(r.prefix, this.o.clock.now(), taken);
    });
    const created = await run.iam.call(
      'iam:CreateAccessKey',
      run.userArn,
      'create an access key for the IAM user',
      (c) => c.createAccessKey(record.iamUser),
    );
    await this.o.ledger.progress('key-created', record);
    record = await this.o.ledger.step(record, 'creating-set', (r) => (r.newKeyId = created.accessKeyId));
    try {
      // The only place the new secret goes: SORACOM's write-only credential store.
      await run.soracom.createSet({
        credentialsId: record.newSetId,
        description: `AWS key ${created.accessKeyId} of ${record.iamUser} (mfa-tray Funnel rotation)`,
        accessKeyId: created.accessKeyId,
        secretAccessKey: created.secretAccessKey,
      });
    } catch (error) {
      // SORACOM did not take it: the key is of no use without its secret (which dies with this run).
      // Deleting it keeps the user at one key; the record goes back to 'planned' for --resume.
      await this.dropNewKey(run, record).catch(() => undefined);
      throw error;
    }
    await this.o.ledger.progress('set-created', record);
    record = await this.o.ledger.step(record, 'moving');
    return this.fromMoving(run, record, resumedFrom);
  }

  private async fromMoving(
    run: FunnelRun,
    start: FunnelRotationRecord,
    resumedFrom: FunnelStep | null,
  ): Promise<FunnelRotateOutcome> {
    let record = start;
    let cause: FailureFact | undefined;
    for (const group of start.groups) {
      if (group.state === 'moved') continue;
      record = await this.setGroup(record, group.groupId, (g) => {
        g.state = 'moving';
        delete g.failureCode;
      });
      await this.o.ledger.progress('moving-group', record);
      try {
        await run.soracom.pointGroup(group.groupId, record.newSetId);
      } catch (error) {
        const refused = groupRefusal(error);
        if (!refused) throw error;
        // One group refused: the others still move (both keys work); the record says who points where.
        cause = failureOf(refused);
        record = await this.setGroup(record, group.groupId, (g) => {
          g.state = 'failed';
          if (refused.details.soracomCode) g.failureCode = refused.details.soracomCode;
        });
        continue;
      }
      record = await this.setGroup(record, group.groupId, (g) => {
        g.state = 'moved';
        g.at = this.o.ledger.nowIso();
      });
      await this.o.ledger.progress('group-moved', record);
    }
    const failed = record.groups.filter((g) => g.state !== 'moved');
    if (failed.length > 0) {
      return { outcome: 'partial', record, failed, cause: cause ?? { kind: 'server' }, phase: 'rotate' };
    }
    record = await this.o.ledger.step(record, 'switched', (r) => {
      r.switchedAt = this.o.ledger.nowIso();
      delete r.owner;
    });
    return { outcome: 'switched', record, finishDueAt: funnelFinishDueAt(record)!, resumedFrom };
  }

  /** Points the groups back at their old sets, then deletes the new set and the new key. */
  async undo(run: FunnelRun, start: FunnelRotationRecord): Promise<FunnelRotateOutcome> {
    let record = await this.o.ledger.step(start, 'rolling-back');
    let cause: FailureFact | undefined;
    for (const group of start.groups) {
      if (group.state === 'pending' || group.state === 'restored') continue;
      try {
        await run.soracom.pointGroup(group.groupId, group.from);
      } catch (error) {
        const refused = groupRefusal(error);
        if (!refused) throw error;
        cause = failureOf(refused);
        record = await this.setGroup(record, group.groupId, (g) => {
          if (refused.details.soracomCode) g.failureCode = refused.details.soracomCode;
        });
        continue;
      }
      record = await this.setGroup(record, group.groupId, (g) => {
        g.state = 'restored';
        g.at = this.o.ledger.nowIso();
        delete g.failureCode;
      });
      await this.o.ledger.progress('group-restored', record);
    }
    const failed = record.groups.filter((g) => !['pending', 'restored'].includes(g.state));
    if (failed.length > 0) {
      // The new set and key stay: some groups still use them.
      return { outcome: 'partial', record, failed, cause: cause ?? { kind: 'server' }, phase: 'rollback' };
    }
    let deletedSetId: string | null = null;
    const sets = await run.soracom.sets();
    const set = sets.find((s) => s.credentialsId === record.newSetId);
    // Only the set this rotation made (an id taken meanwhile by someone else is theirs).
    if (set && (record.newKeyId === undefined || setKeyId(set) === record.newKeyId)) {
      await run.soracom.deleteSet(record.newSetId);
      deletedSetId = record.newSetId;
    }
    let deletedKeyId: string | null = null;
    if (record.newKeyId) {
      const newKeyId = record.newKeyId;
      const result = await run.iam.call(
        'iam:DeleteAccessKey',
        run.userArn,
        'delete the new access key',
        (c) => c.deleteAccessKey(record.iamUser, newKeyId),
      );
      if (result === 'deleted') deletedKeyId = newKeyId;
    } else if (record.createRequestedAt) {
      // Killed around CreateAccessKey: a key we made but never recorded.
      await this.deleteOrphanKeys(run, record);
    }
    record = await this.o.ledger.step(record, 'rolled-back', (r) => {
      r.finishedAt = this.o.ledger.nowIso();
      delete r.owner;
    });
    return { outcome: 'rolled-back', record, deletedKeyId, deletedSetId };
  }

  /** After a kill around CreateAccessKey: deletes keys of the user that appeared since the plan. */
  private async deleteOrphanKeys(run: FunnelRun, start: FunnelRotationRecord): Promise<void> {
    const keys = await run.iam.call(
      'iam:ListAccessKeys',
      run.userArn,
      'list the access keys of the IAM user',
      (c) => c.listAccessKeys(start.iamUser),
    );
    const since = Date.parse(start.createRequestedAt ?? start.startedAt) - CREATE_SKEW_MS;
    const before = new Set(start.keysBefore ?? start.oldSets.map((s) => s.accessKeyId));
    for (const k of keys) {
      if (before.has(k.accessKeyId) || k.createDate === null || Date.parse(k.createDate) < since) continue;
      await run.iam.call('iam:DeleteAccessKey', run.userArn, 'delete an unusable access key', (c) =>
        c.deleteAccessKey(start.iamUser, k.accessKeyId),
      );
    }
  }

  /** Deletes the new key (its secret is gone) and goes back to 'planned', with a free set id if needed. */
  private async dropNewKey(
    run: FunnelRun,
    start: FunnelRotationRecord,
    takenSetIds?: ReadonlySet<string>,
  ): Promise<FunnelRotationRecord> {
    if (start.newKeyId) {
      const newKeyId = start.newKeyId;
      await run.iam.call('iam:DeleteAccessKey', run.userArn, 'delete an unusable access key', (c) =>
        c.deleteAccessKey(start.iamUser, newKeyId),
      );
    }
    return this.o.ledger.step(start, 'planned', (r) => {
      delete r.newKeyId;
      if (takenSetIds?.has(r.newSetId)) r.newSetId = newSetIdFor(r.prefix, this.o.clock.now(), takenSetIds);
    });
  }
  private async setGroup(
    record: FunnelRotationRecord,
    groupId: string,
    mutate: (g: FunnelGroup) => void,
  ): Promise<FunnelRotationRecord> {
    return this.o.ledger.update(record, (r) => {
      const g = r.groups.find((x) => x.groupId === groupId);
      if (g) mutate(g);
      r.updatedAt = this.o.ledger.nowIso();
    });
  }
}
