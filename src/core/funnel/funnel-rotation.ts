/**
 * Rotating the AWS key SORACOM Funnel publishes with (the order and why: funnel-steps.ts). This is the
 * entry point the CLI and the popup call: status, rotate (or plan it: --dry-run), resume, rollback and
 * finish of the one open rotation a selector means, each run on a record it has claimed.
 *
 * The parts: the plan (funnel-plan.ts), the step machine (funnel-steps.ts), finish (funnel-finish.ts),
 * the run's IAM and SORACOM sessions (funnel-run.ts), the outcomes (funnel-outcomes.ts), and the record
 * bookkeeping shared with the base-key rotation (../rotation/rotation-ledger.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import { currentOwner, type RotationRecord, type RotationStore } from '../rotation/rotation-store';
import { RotationLedger } from '../rotation/rotation-ledger';
import { FunnelFinish } from './funnel-finish';
import {
  funnelFinishDueAt,
  type FunnelCheckpoint,
  type FunnelFinishOutcome,
  type FunnelRotateInput,
  type FunnelRotateOutcome,
  type FunnelSelector,
  type FunnelStatusEntry,
} from './funnel-outcomes';
import { assertFunnelPrefix, planFunnelRotation } from './funnel-plan';
import { checkGraceDays } from '../rules/rotation-rules';
import {
  asFunnelRecord,
  FUNNEL_FINAL_STEPS,
  funnelRecords,
  openFunnelRecords,
  type FunnelRotationRecord,
  type FunnelStep,
} from './funnel-record';
import { FunnelSoracom, type FunnelRun } from './funnel-run';
import { FunnelSteps, type FunnelLedger } from './funnel-steps';
import { userArnFor, type ProfileIam } from './profile-iam';
import type { SoracomSessionSource } from './soracom-session';

export * from './funnel-outcomes';
export { newSetIdFor, PREFIX_PATTERN } from './funnel-plan';

export const DEFAULT_FUNNEL_GRACE_DAYS = 7;

export interface FunnelRotationOptions {
  rotations: RotationStore;
  clock: Clock;
  /** IAM with the AWS profile's rights (ProfileIam; a typed fake in unit tests). */
  iam: Pick<ProfileIam, 'open'>;
  soracom: SoracomSessionSource;
  onProgress?: (point: FunnelCheckpoint, record: FunnelRotationRecord) => Promise<void> | void;
  /** Groups per page when listing (SORACOM's `limit`). */
  groupPageSize?: number;
}

export class FunnelRotation {
  private readonly ledger: FunnelLedger;
  private readonly steps: FunnelSteps;
  private readonly finisher: FunnelFinish;

  constructor(private readonly o: FunnelRotationOptions) {
    this.ledger = new RotationLedger({
      kind: 'funnel',
      rotations: o.rotations,
      clock: o.clock,
      ...(o.onProgress ? { onProgress: o.onProgress } : {}),
    });
    this.steps = new FunnelSteps({ ledger: this.ledger, clock: o.clock });
    this.finisher = new FunnelFinish({
      ledger: this.ledger,
      clock: o.clock,
      openRun: (record) => this.openRun(record),
    });
  }

  // ---- status ---------------------------------------------------------------------------------------------

  status(): FunnelStatusEntry[] {
    return funnelRecords(this.o.rotations).map((record) => ({
      record,
      finishDueAt: ['switched', 'finishing'].includes(record.step) ? funnelFinishDueAt(record) : null,
      left: FUNNEL_FINAL_STEPS.includes(record.step)
        ? 'nothing'
        : ['switched', 'finishing'].includes(record.step)
          ? 'finish'
          : 'resume-or-rollback',
    }));
  }

  /** Rotations whose grace period is over: what a tray reminder would offer to finish (no network call). */
  dueForFinish(): FunnelStatusEntry[] {
    const now = this.o.clock.now();
    return this.status().filter(
      (e) => e.left === 'finish' && e.finishDueAt !== null && Date.parse(e.finishDueAt) <= now,
    );
  }

  // ---- rotate ---------------------------------------------------------------------------------------------

  async rotate(input: FunnelRotateInput, options: { dryRun?: boolean } = {}): Promise<FunnelRotateOutcome> {
    assertFunnelPrefix(input.prefix);
    if (input.graceDays !== undefined) checkGraceDays(input.graceDays);
    const graceDays = input.graceDays ?? DEFAULT_FUNNEL_GRACE_DAYS;
    const open = openFunnelRecords(this.o.rotations).find(
      (r) => r.soracomProfile === input.soracomProfile && r.prefix === input.prefix,
    );
    if (open && ['switched', 'finishing'].includes(open.step)) {
      return { outcome: 'awaiting-finish', record: open, finishDueAt: funnelFinishDueAt(open)! };
    }
    if (open) return { outcome: 'open-rotation', record: open };

    const planned = await planFunnelRotation(
      input,
      await this.soracom(input.soracomProfile),
      () => this.o.iam.open(input.awsProfile),
      this.o.clock,
    );
    if (!planned.plan)
      return { outcome: 'no-groups', prefix: input.prefix, otherGroups: planned.otherGroups };
    const { plan, run } = planned;
    if (options.dryRun) return { outcome: 'dry-run', plan };
    if (plan.userKeys.length >= 2) return { outcome: 'key-limit', keys: plan.userKeys };

    const now = this.ledger.nowIso();
    const record: FunnelRotationRecord = {
      kind: 'funnel',
      id: randomUUID(),
      awsProfile: input.awsProfile,
      iamUser: input.iamUser,
      soracomProfile: input.soracomProfile,
      prefix: input.prefix,
      oldSets: plan.oldSets,
      newSetId: plan.newSetId,
      keysBefore: plan.userKeys.map((k) => k.accessKeyId),
      groups: plan.groups.map((g) => ({ ...g, state: 'pending' })),
      step: 'planned',
      graceDays,
      startedAt: now,
      updatedAt: now,
      owner: currentOwner(now),
    };
    const other = await this.o.rotations.update((data) => {
      const found = data.rotations.find(
        (r) =>
          r.kind === 'funnel' &&
          r.soracomProfile === input.soracomProfile &&
          r.prefix === input.prefix &&
          !FUNNEL_FINAL_STEPS.includes(r.step as FunnelStep),
      );
      if (found) return asFunnelRecord(found);
      data.rotations.push(record as unknown as RotationRecord);
      return undefined;
    });
    if (other) return { outcome: 'busy', record: other };
    await this.ledger.progress('planned', record);
    return this.ledger.released(record, () => this.steps.fromPlanned(run, record, null));
  }

  /** Completes the open rotation a failed or killed run left. */
  async resume(selector: FunnelSelector = {}): Promise<FunnelRotateOutcome> {
    const picked = this.pick(selector, false);
    if ('outcome' in picked) return picked;
    const open = picked.record;
    if (['switched', 'finishing'].includes(open.step)) {
      return { outcome: 'awaiting-finish', record: open, finishDueAt: funnelFinishDueAt(open)! };
    }
    const record = await this.ledger.claim(open);
    if (!record) return { outcome: 'busy', record: open };
    return this.ledger.released(record, async () => this.steps.resume(await this.openRun(record), record));
  }

  /** Points the groups back at their old sets, then deletes the new set and the new key. */
  async rollback(selector: FunnelSelector = {}): Promise<FunnelRotateOutcome> {
    const picked = this.pick(selector, true);
    if ('outcome' in picked) return picked;
    const record = await this.ledger.claim(picked.record);
    if (!record) return { outcome: 'busy', record: picked.record };
    return this.ledger.released(record, async () => this.steps.undo(await this.openRun(record), record));
  }

  // ---- finish ---------------------------------------------------------------------------------------------

  /** For every switched rotation that fits: delete the old key and set once nothing uses them. */
  async finish(options: { graceDays?: number } & FunnelSelector = {}): Promise<FunnelFinishOutcome[]> {
    const due = openFunnelRecords(this.o.rotations).filter(
      (r) =>
        ['switched', 'finishing'].includes(r.step) &&
        (options.soracomProfile === undefined || r.soracomProfile === options.soracomProfile) &&
        (options.prefix === undefined || r.prefix === options.prefix),
    );
    const results: FunnelFinishOutcome[] = [];
    for (const open of due) results.push(await this.finisher.finishOne(open, options.graceDays));
    return results;
  }

  // ---- helpers --------------------------------------------------------------------------------------------

  /** The one open record the selector means (rollback also takes a switched one). */
  private pick(
    selector: FunnelSelector,
    includeSwitched: boolean,
  ): { record: FunnelRotationRecord } | FunnelRotateOutcome {
    const open = openFunnelRecords(this.o.rotations).filter(
      (r) =>
        (includeSwitched || !['switched', 'finishing'].includes(r.step)) &&
        r.step !== 'finishing' &&
        (selector.soracomProfile === undefined || r.soracomProfile === selector.soracomProfile) &&
        (selector.prefix === undefined || r.prefix === selector.prefix),
    );
    if (open.length === 0) return { outcome: 'nothing-to-resume' };
    if (open.length > 1) return { outcome: 'ambiguous', records: open };
    return { record: open[0] };
  }

  private async openRun(record: FunnelRotationRecord): Promise<FunnelRun> {
    const soracom = await this.soracom(record.soracomProfile);
    const iam = await this.o.iam.open(record.awsProfile);
    return { iam, soracom, userArn: userArnFor(iam.profile, record.iamUser) };
  }

  private async soracom(name: string): Promise<FunnelSoracom> {
    const { client, credentials } = await this.o.soracom.session(name);
    return new FunnelSoracom(client, credentials, this.o.groupPageSize);
  }
}
