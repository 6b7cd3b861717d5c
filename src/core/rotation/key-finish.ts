/**
 * `finish`: after the grace period, the old (inactive) key is deleted, unless someone turned it on again or
 * GetAccessKeyLastUsed shows a use after deactivation started. Either way the old key stays and the record
 * says why.
 */
import type { Clock } from '../clock';
import type { ProfileStore } from '../profiles';
import type { KeyAccess, KeyRun } from './key-access';
import { assertGraceDays, finishDueAt, type FinishOutcome } from './key-outcomes';
import type { KeyLedger } from './key-steps';
import { LAST_USE_MARGIN_MS } from './rotation-ledger';
import { AWAITING_FINISH_STEPS, type RotationStore } from './rotation-store';

export interface KeyFinishOptions {
  ledger: KeyLedger;
  access: KeyAccess;
  profiles: ProfileStore;
  rotations: RotationStore;
  clock: Clock;
}

export class KeyFinish {
  constructor(private readonly o: KeyFinishOptions) {}

  /** Deletes the old key once the grace period is over and nothing used it after deactivation. */
  async finish(name: string, options: { graceDays?: number } = {}): Promise<FinishOutcome> {
    if (options.graceDays !== undefined) assertGraceDays(options.graceDays);
    const profile = this.o.profiles.get(name);
    const open = this.o.rotations.openAccessKeyRotation(name);
    if (!open) return { outcome: 'nothing-to-finish' };
    if (!AWAITING_FINISH_STEPS.includes(open.step)) return { outcome: 'rotation-unfinished', record: open };
    const due = finishDueAt(open, options.graceDays ?? open.graceDays)!;
    if (this.o.clock.now() < Date.parse(due)) return { outcome: 'not-due', record: open, finishDueAt: due };
    let record = await this.o.ledger.claim(open);
    if (!record) return { outcome: 'busy', record: open };

    const run: KeyRun = {
      profile,
      session: await this.o.access.session(profile),
      baseKeys: await this.o.access.keychainBase(name),
    };
    try {
      if (record.step === 'deactivated') {
        const keys = await this.o.access.iamCall(
          run,
          'iam:ListAccessKeys',
          record.userArn,
          'list your access keys',
          (iam) => iam.listAccessKeys(record!.userName),
        );
        const old = keys.find((k) => k.accessKeyId === record!.oldKeyId);
        if (!old) {
          record = await this.o.ledger.step(record, 'finished', (r) => {
            r.finishedAt = this.o.ledger.nowIso();
            delete r.owner;
          });
          return { outcome: 'finished', record, deletedKeyId: record.oldKeyId, alreadyGone: true };
        }
        const used = await this.o.access.iamCall(
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
          record = await this.o.ledger.update(record, (r) => {
            if (lastUse) r.lastUseSeen = lastUse;
            delete r.owner;
            r.updatedAt = this.o.ledger.nowIso();
          });
          return old.status === 'Active'
            ? { outcome: 'old-key-active', record, lastUse }
            : { outcome: 'old-key-used', record, lastUse: lastUse! };
        }
        record = await this.o.ledger.step(record, 'deleting-old');
      }
      const target = record;
      await this.o.access.iamCall(
        run,
        'iam:DeleteAccessKey',
        record.userArn,
        'delete your old access key',
        (iam) => iam.deleteAccessKey(target.userName, target.oldKeyId),
      );
      record = await this.o.ledger.step(record, 'finished', (r) => {
        r.finishedAt = this.o.ledger.nowIso();
        delete r.owner;
      });
      return { outcome: 'finished', record, deletedKeyId: record.oldKeyId, alreadyGone: false };
    } catch (error) {
      // Let the next finish (or the tray) try again without waiting for a dead owner.
      await this.o.ledger.releaseQuietly(record);
      throw error;
    }
  }
}
