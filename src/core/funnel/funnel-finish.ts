/**
 * `finish`: after the grace period, the old key and the old sets go, but only when no group points at an
 * old set, no other set holds the old key, and IAM has seen no use of the old key since the switch.
 */
import type { Clock } from '../clock';
import { LAST_USE_MARGIN_MS } from '../rotation/rotation-ledger';
import { funnelCredentialsId } from '../soracom/groups';
import type { FunnelLastUse, FunnelRotationRecord } from './funnel-record';
import { funnelFinishDueAt, type FunnelFinishOutcome } from './funnel-outcomes';
import { setKeyId, type FunnelRun } from './funnel-run';
import type { FunnelLedger } from './funnel-steps';

export interface FunnelFinishOptions {
  ledger: FunnelLedger;
  clock: Clock;
  /** The IAM and SORACOM sessions for the record's profiles. */
  openRun: (record: FunnelRotationRecord) => Promise<FunnelRun>;
}

export class FunnelFinish {
  constructor(private readonly o: FunnelFinishOptions) {}

  async finishOne(open: FunnelRotationRecord, graceDays?: number): Promise<FunnelFinishOutcome> {
    const dueAt = funnelFinishDueAt(open, graceDays ?? open.graceDays)!;
    if (this.o.clock.now() < Date.parse(dueAt))
      return { outcome: 'not-due', record: open, finishDueAt: dueAt };
    const claimed = await this.o.ledger.claim(open);
    if (!claimed) return { outcome: 'busy', record: open };
    let record = claimed;
    return this.o.ledger.released(record, async () => {
      const run = await this.o.openRun(record);
      if (record.step === 'switched') {
        const blocked = await this.finishBlocker(run, record);
        if (blocked) return blocked;
        record = await this.o.ledger.step(record, 'finishing');
      }
      const deletedKeyIds: string[] = [];
      for (const keyId of oldKeyIds(record)) {
        const result = await run.iam.call(
          'iam:DeleteAccessKey',
          run.userArn,
          'delete the old access key',
          (c) => c.deleteAccessKey(record.iamUser, keyId),
        );
        if (result === 'deleted') deletedKeyIds.push(keyId);
      }
      const deletedSetIds: string[] = [];
      for (const set of record.oldSets) {
        if (await run.soracom.deleteSet(set.credentialsId)) deletedSetIds.push(set.credentialsId);
      }
      record = await this.o.ledger.step(record, 'finished', (r) => {
        r.finishedAt = this.o.ledger.nowIso();
        r.deletedKeyIds = deletedKeyIds;
        r.deletedSetIds = deletedSetIds;
        delete r.owner;
      });
      return { outcome: 'finished', record, deletedKeyIds, deletedSetIds };
    });
  }

  /** Why the old key and sets cannot go yet, if anything stands in the way. */
  private async finishBlocker(
    run: FunnelRun,
    record: FunnelRotationRecord,
  ): Promise<FunnelFinishOutcome | undefined> {
    const oldIds = new Set(record.oldSets.map((s) => s.credentialsId));
    const groups = await run.soracom.groups();
    const pointing = groups
      .filter((g) => oldIds.has(funnelCredentialsId(g) ?? ''))
      .map((g) => ({ groupId: g.groupId, set: funnelCredentialsId(g)! }));
    if (pointing.length > 0) return { outcome: 'old-set-in-use', record, groups: pointing };
    const sets = await run.soracom.sets();
    for (const keyId of oldKeyIds(record)) {
      const holders = sets
        .filter((s) => !oldIds.has(s.credentialsId) && setKeyId(s) === keyId)
        .map((s) => s.credentialsId);
      if (holders.length > 0)
        return { outcome: 'old-key-shared', record, accessKeyId: keyId, setIds: holders };
      const used = await run.iam.call(
        'iam:GetAccessKeyLastUsed',
        run.userArn,
        'look up when the old access key was used',
        (c) => c.getAccessKeyLastUsed(keyId),
      );
      if (used.date && Date.parse(used.date) > Date.parse(record.switchedAt!) + LAST_USE_MARGIN_MS) {
        const lastUse: FunnelLastUse = {
          accessKeyId: keyId,
          date: used.date,
          serviceName: used.serviceName,
          region: used.region,
        };
        const updated = await this.o.ledger.update(record, (r) => {
          r.lastUseSeen = lastUse;
          r.updatedAt = this.o.ledger.nowIso();
        });
        return { outcome: 'old-key-used', record: updated, lastUse };
      }
    }
    return undefined;
  }
}

function oldKeyIds(record: FunnelRotationRecord): string[] {
  return [
    ...new Set(
      record.oldSets.map((s) => s.accessKeyId).filter((k): k is string => !!k && k !== record.newKeyId),
    ),
  ];
}
