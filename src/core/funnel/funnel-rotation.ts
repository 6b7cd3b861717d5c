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
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import { isMfaTrayError, MfaTrayError, type ErrorKind } from '../errors';
import {
  currentOwner,
  ownerAlive,
  type RotationRecord,
  type RotationStore,
} from '../rotation/rotation-store';
import type { AccessKeyInfo } from '../rotation/key-iam';
import type { SoracomApiClient, SoracomApiCredentials } from '../soracom/api-client';
import {
  createAwsCredentialSet,
  deleteCredentialSet,
  listCredentialSets,
  type SoracomCredentialSet,
} from '../soracom/credentials';
import { funnelCredentialsId, listGroups, setFunnelCredentials, type SoracomGroup } from '../soracom/groups';
import {
  asFunnelRecord,
  FUNNEL_FINAL_STEPS,
  funnelRecords,
  openFunnelRecords,
  updateFunnelRecord,
  type FunnelGroup,
  type FunnelLastUse,
  type FunnelOldSet,
  type FunnelRotationRecord,
  type FunnelStep,
} from './funnel-record';
import { userArnFor, type ProfileIam, type ProfileIamRun } from './profile-iam';
import { checkFunnelPrefix, checkGraceDays } from '../rules/rotation-rules';
import type { SoracomSessionSource } from './soracom-session';

export const DEFAULT_FUNNEL_GRACE_DAYS = 7;
const DAY_MS = 86_400_000;
/** Our clock and AWS's differ a little; a use of the old key this close to the switch is Funnel's last. */
const LAST_USE_MARGIN_MS = 2 * 60_000;
/** A key created this long before we asked for one cannot be ours. */
const CREATE_SKEW_MS = 5 * 60_000;

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

interface Soracom {
  client: SoracomApiClient;
  auth: SoracomApiCredentials;
}

interface Run {
  iam: ProfileIamRun;
  soracom: Soracom;
  userArn: string;
}

export function funnelFinishDueAt(record: FunnelRotationRecord, graceDays = record.graceDays): string | null {
  if (!record.switchedAt) return null;
  return new Date(Date.parse(record.switchedAt) + graceDays * DAY_MS).toISOString();
}

/** PREFIX-YYMMDD (UTC date), then -2, -3 … while that id is taken. */
export function newSetIdFor(prefix: string, nowMs: number, taken: ReadonlySet<string>): string {
  const d = new Date(nowMs);
  const yymmdd =
    String(d.getUTCFullYear() % 100).padStart(2, '0') +
    String(d.getUTCMonth() + 1).padStart(2, '0') +
    String(d.getUTCDate()).padStart(2, '0');
  const base = `${prefix}-${yymmdd}`;
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

export class FunnelRotation {
  constructor(private readonly o: FunnelRotationOptions) {}

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
    checkFunnelPrefix(input.prefix);
    if (input.graceDays !== undefined) checkGraceDays(input.graceDays);
    const graceDays = input.graceDays ?? DEFAULT_FUNNEL_GRACE_DAYS;
    const open = openFunnelRecords(this.o.rotations).find(
      (r) => r.soracomProfile === input.soracomProfile && r.prefix === input.prefix,
    );
    if (open && ['switched', 'finishing'].includes(open.step)) {
      return { outcome: 'awaiting-finish', record: open, finishDueAt: funnelFinishDueAt(open)! };
    }
    if (open) return { outcome: 'open-rotation', record: open };

    const soracom = await this.soracom(input.soracomProfile);
    const groups = await listGroups(soracom.client, soracom.auth, this.pageSize());
    const matching = groups.filter((g) => funnelCredentialsId(g)?.startsWith(input.prefix));
    const otherGroups = groups.filter((g) => funnelCredentialsId(g) !== undefined).length - matching.length;
    if (matching.length === 0) return { outcome: 'no-groups', prefix: input.prefix, otherGroups };
    const sets = await listCredentialSets(soracom.client, soracom.auth);

    const iam = await this.o.iam.open(input.awsProfile);
    const userArn = userArnFor(iam.profile, input.iamUser);
    const userKeys = await iam.call(
      'iam:ListAccessKeys',
      userArn,
      'list the access keys of the IAM user',
      (c) => c.listAccessKeys(input.iamUser),
    );
    const oldSetIds = [...new Set(matching.map((g) => funnelCredentialsId(g)!))].sort();
    const oldSets: FunnelOldSet[] = oldSetIds.map((credentialsId) => {
      const keyId = setKeyId(sets.find((s) => s.credentialsId === credentialsId));
      return {
        credentialsId,
        accessKeyId: keyId && userKeys.some((k) => k.accessKeyId === keyId) ? keyId : null,
      };
    });
    const plan: FunnelPlan = {
      awsProfile: input.awsProfile,
      iamUser: input.iamUser,
      soracomProfile: input.soracomProfile,
      prefix: input.prefix,
      newSetId: newSetIdFor(input.prefix, this.o.clock.now(), new Set(sets.map((s) => s.credentialsId))),
      oldSets,
      groups: matching.map((g) => ({ groupId: g.groupId, name: nameOf(g), from: funnelCredentialsId(g)! })),
      otherGroups,
      userKeys,
    };
    if (options.dryRun) return { outcome: 'dry-run', plan };
    if (userKeys.length >= 2) return { outcome: 'key-limit', keys: userKeys };

    const now = this.nowIso();
    const record: FunnelRotationRecord = {
      kind: 'funnel',
      id: randomUUID(),
      awsProfile: input.awsProfile,
      iamUser: input.iamUser,
      soracomProfile: input.soracomProfile,
      prefix: input.prefix,
      oldSets,
      newSetId: plan.newSetId,
      keysBefore: userKeys.map((k) => k.accessKeyId),
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
    await this.progress('planned', record);
    return this.released(record, () => this.fromPlanned({ iam, soracom, userArn }, record, null));
  }

  /** Completes the open rotation a failed or killed run left. */
  async resume(selector: FunnelSelector = {}): Promise<FunnelRotateOutcome> {
    const picked = this.pick(selector, false);
    if ('outcome' in picked) return picked;
    const open = picked.record;
    if (['switched', 'finishing'].includes(open.step)) {
      return { outcome: 'awaiting-finish', record: open, finishDueAt: funnelFinishDueAt(open)! };
    }
    const record = await this.claim(open);
    if (!record) return { outcome: 'busy', record: open };
    return this.released(record, async () => {
      const run = await this.openRun(record);
      const from = record.step;
      switch (record.step) {
        case 'planned':
          return this.fromPlanned(run, record, from);
        case 'creating-key':
          await this.deleteOrphanKeys(run, record);
          return this.fromPlanned(run, await this.step(record, 'planned'), from);
        case 'creating-set': {
          const sets = await listCredentialSets(run.soracom.client, run.soracom.auth);
          const set = sets.find((s) => s.credentialsId === record.newSetId);
          if (set && setKeyId(set) === record.newKeyId) {
            return this.fromMoving(run, await this.step(record, 'moving'), from);
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
    });
  }

  /** Points the groups back at their old sets, then deletes the new set and the new key. */
  async rollback(selector: FunnelSelector = {}): Promise<FunnelRotateOutcome> {
    const picked = this.pick(selector, true);
    if ('outcome' in picked) return picked;
    const record = await this.claim(picked.record);
    if (!record) return { outcome: 'busy', record: picked.record };
    return this.released(record, async () => this.undo(await this.openRun(record), record));
  }

  private async fromPlanned(
    run: Run,
    start: FunnelRotationRecord,
    resumedFrom: FunnelStep | null,
  ): Promise<FunnelRotateOutcome> {
    // The planned id may have been taken since (by someone else, or a set a killed run could not finish).
    const taken = new Set(
      (await listCredentialSets(run.soracom.client, run.soracom.auth)).map((s) => s.credentialsId),
    );
    let record = await this.step(start, 'creating-key', (r) => {
      r.createRequestedAt = this.nowIso();
      if (taken.has(r.newSetId)) r.newSetId = newSetIdFor(r.prefix, this.o.clock.now(), taken);
    });
    const created = await run.iam.call(
      'iam:CreateAccessKey',
      run.userArn,
      'create an access key for the IAM user',
      (c) => c.createAccessKey(record.iamUser),
    );
    await this.progress('key-created', record);
    record = await this.step(record, 'creating-set', (r) => (r.newKeyId = created.accessKeyId));
    try {
      // The only place the new secret goes: SORACOM's write-only credential store.
      await createAwsCredentialSet(run.soracom.client, run.soracom.auth, {
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
    await this.progress('set-created', record);
    record = await this.step(record, 'moving');
    return this.fromMoving(run, record, resumedFrom);
  }

  private async fromMoving(
    run: Run,
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
      await this.progress('moving-group', record);
      try {
        await setFunnelCredentials(run.soracom.client, run.soracom.auth, group.groupId, record.newSetId);
      } catch (error) {
        if (!isMfaTrayError(error) || ['no-session', 'network', 'timeout'].includes(error.kind)) throw error;
        // One group refused: the others still move (both keys work); the record says who points where.
        cause = failureOf(error);
        record = await this.setGroup(record, group.groupId, (g) => {
          g.state = 'failed';
          if (error.details.soracomCode) g.failureCode = error.details.soracomCode;
        });
        continue;
      }
      record = await this.setGroup(record, group.groupId, (g) => {
        g.state = 'moved';
        g.at = this.nowIso();
      });
      await this.progress('group-moved', record);
    }
    const failed = record.groups.filter((g) => g.state !== 'moved');
    if (failed.length > 0) {
      return { outcome: 'partial', record, failed, cause: cause ?? { kind: 'server' }, phase: 'rotate' };
    }
    record = await this.step(record, 'switched', (r) => {
      r.switchedAt = this.nowIso();
      delete r.owner;
    });
    return { outcome: 'switched', record, finishDueAt: funnelFinishDueAt(record)!, resumedFrom };
  }

  private async undo(run: Run, start: FunnelRotationRecord): Promise<FunnelRotateOutcome> {
    let record = await this.step(start, 'rolling-back');
    let cause: FailureFact | undefined;
    for (const group of start.groups) {
      if (group.state === 'pending' || group.state === 'restored') continue;
      try {
        await setFunnelCredentials(run.soracom.client, run.soracom.auth, group.groupId, group.from);
      } catch (error) {
        if (!isMfaTrayError(error) || ['no-session', 'network', 'timeout'].includes(error.kind)) throw error;
        cause = failureOf(error);
        record = await this.setGroup(record, group.groupId, (g) => {
          if (error.details.soracomCode) g.failureCode = error.details.soracomCode;
        });
        continue;
      }
      record = await this.setGroup(record, group.groupId, (g) => {
        g.state = 'restored';
        g.at = this.nowIso();
        delete g.failureCode;
      });
      await this.progress('group-restored', record);
    }
    const failed = record.groups.filter((g) => !['pending', 'restored'].includes(g.state));
    if (failed.length > 0) {
      // The new set and key stay: some groups still use them.
      return { outcome: 'partial', record, failed, cause: cause ?? { kind: 'server' }, phase: 'rollback' };
    }
    let deletedSetId: string | null = null;
    const sets = await listCredentialSets(run.soracom.client, run.soracom.auth);
    const set = sets.find((s) => s.credentialsId === record.newSetId);
    // Only the set this rotation made (an id taken meanwhile by someone else is theirs).
    if (set && (record.newKeyId === undefined || setKeyId(set) === record.newKeyId)) {
      await deleteSet(run.soracom, record.newSetId);
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
    record = await this.step(record, 'rolled-back', (r) => {
      r.finishedAt = this.nowIso();
      delete r.owner;
    });
    return { outcome: 'rolled-back', record, deletedKeyId, deletedSetId };
  }

  /** After a kill around CreateAccessKey: deletes keys of the user that appeared since the plan. */
  private async deleteOrphanKeys(run: Run, start: FunnelRotationRecord): Promise<void> {
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
    run: Run,
    start: FunnelRotationRecord,
    takenSetIds?: ReadonlySet<string>,
  ): Promise<FunnelRotationRecord> {
    if (start.newKeyId) {
      const newKeyId = start.newKeyId;
      await run.iam.call('iam:DeleteAccessKey', run.userArn, 'delete an unusable access key', (c) =>
        c.deleteAccessKey(start.iamUser, newKeyId),
      );
    }
    return this.step(start, 'planned', (r) => {
      delete r.newKeyId;
      if (takenSetIds?.has(r.newSetId)) r.newSetId = newSetIdFor(r.prefix, this.o.clock.now(), takenSetIds);
    });
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
    for (const open of due) results.push(await this.finishOne(open, options.graceDays));
    return results;
  }

  private async finishOne(open: FunnelRotationRecord, graceDays?: number): Promise<FunnelFinishOutcome> {
    const dueAt = funnelFinishDueAt(open, graceDays ?? open.graceDays)!;
    if (this.o.clock.now() < Date.parse(dueAt))
      return { outcome: 'not-due', record: open, finishDueAt: dueAt };
    const claimed = await this.claim(open);
    if (!claimed) return { outcome: 'busy', record: open };
    let record = claimed;
    return this.released(record, async () => {
      const run = await this.openRun(record);
      if (record.step === 'switched') {
        const blocked = await this.finishBlocker(run, record);
        if (blocked) return blocked;
        record = await this.step(record, 'finishing');
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
        if (await deleteSet(run.soracom, set.credentialsId)) deletedSetIds.push(set.credentialsId);
      }
      record = await this.step(record, 'finished', (r) => {
        r.finishedAt = this.nowIso();
        r.deletedKeyIds = deletedKeyIds;
        r.deletedSetIds = deletedSetIds;
        delete r.owner;
      });
      return { outcome: 'finished', record, deletedKeyIds, deletedSetIds };
    });
  }

  /** Why the old key and sets cannot go yet, if anything stands in the way. */
  private async finishBlocker(
    run: Run,
    record: FunnelRotationRecord,
  ): Promise<FunnelFinishOutcome | undefined> {
    const oldIds = new Set(record.oldSets.map((s) => s.credentialsId));
    const groups = await listGroups(run.soracom.client, run.soracom.auth, this.pageSize());
    const pointing = groups
      .filter((g) => oldIds.has(funnelCredentialsId(g) ?? ''))
      .map((g) => ({ groupId: g.groupId, set: funnelCredentialsId(g)! }));
    if (pointing.length > 0) return { outcome: 'old-set-in-use', record, groups: pointing };
    const sets = await listCredentialSets(run.soracom.client, run.soracom.auth);
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
        const updated = await updateFunnelRecord(this.o.rotations, record.id, (r) => {
          r.lastUseSeen = lastUse;
          r.updatedAt = this.nowIso();
        });
        return { outcome: 'old-key-used', record: updated, lastUse };
      }
    }
    return undefined;
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

  private async openRun(record: FunnelRotationRecord): Promise<Run> {
    const soracom = await this.soracom(record.soracomProfile);
    const iam = await this.o.iam.open(record.awsProfile);
    return { iam, soracom, userArn: userArnFor(iam.profile, record.iamUser) };
  }

  private async soracom(name: string): Promise<Soracom> {
    const { client, credentials } = await this.o.soracom.session(name);
    return { client, auth: credentials };
  }

  private pageSize(): { pageSize?: number } {
    return this.o.groupPageSize ? { pageSize: this.o.groupPageSize } : {};
  }

  /**
   * Runs `work` on a claimed record, then lets go of it whatever happened, so the next run (or `--resume`
   * after a partial failure) need not wait for a dead owner. The outcome carries the released record.
   */
  private async released<T>(record: FunnelRotationRecord, work: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await work();
    } catch (error) {
      await updateFunnelRecord(this.o.rotations, record.id, (r) => delete r.owner).catch(() => undefined);
      throw error;
    }
    const released = await updateFunnelRecord(this.o.rotations, record.id, (r) => delete r.owner);
    const withRecord = result as { record?: FunnelRotationRecord };
    if (withRecord && typeof withRecord === 'object' && withRecord.record?.id === record.id) {
      withRecord.record = released;
    }
    return result;
  }

  private async claim(record: FunnelRotationRecord): Promise<FunnelRotationRecord | undefined> {
    return this.o.rotations.update((data) => {
      const r = asFunnelRecord(data.rotations.find((x) => x.id === record.id));
      if (!r || ownerAlive(r.owner)) return undefined;
      r.owner = currentOwner(this.nowIso());
      return structuredClone(r);
    });
  }

  private async step(
    record: FunnelRotationRecord,
    step: FunnelStep,
    mutate?: (r: FunnelRotationRecord) => void,
  ): Promise<FunnelRotationRecord> {
    const updated = await updateFunnelRecord(this.o.rotations, record.id, (r) => {
      r.step = step;
      r.updatedAt = this.nowIso();
      mutate?.(r);
    });
    await this.progress(step, updated);
    return updated;
  }

  private async setGroup(
    record: FunnelRotationRecord,
    groupId: string,
    mutate: (g: FunnelGroup) => void,
  ): Promise<FunnelRotationRecord> {
    return updateFunnelRecord(this.o.rotations, record.id, (r) => {
      const g = r.groups.find((x) => x.groupId === groupId);
      if (g) mutate(g);
      r.updatedAt = this.nowIso();
    });
  }

  private async progress(point: FunnelCheckpoint, record: FunnelRotationRecord): Promise<void> {
    if (this.o.onProgress) await this.o.onProgress(point, record);
  }

  private nowIso(): string {
    return new Date(this.o.clock.now()).toISOString();
  }
}

function oldKeyIds(record: FunnelRotationRecord): string[] {
  return [
    ...new Set(
      record.oldSets.map((s) => s.accessKeyId).filter((k): k is string => !!k && k !== record.newKeyId),
    ),
  ];
}

function setKeyId(set: SoracomCredentialSet | undefined): string | undefined {
  const id = set?.credentials?.accessKeyId;
  return typeof id === 'string' ? id : undefined;
}

function nameOf(group: SoracomGroup): string | null {
  return group.tags?.name || null;
}

function failureOf(error: MfaTrayError): FailureFact {
  return {
    kind: error.kind,
    ...(error.details.soracomCode ? { soracomCode: error.details.soracomCode } : {}),
    ...(error.details.awsCode ? { awsCode: error.details.awsCode } : {}),
  };
}

/** DELETE /credentials/{id}; false when it was already gone. */
async function deleteSet(soracom: Soracom, credentialsId: string): Promise<boolean> {
  try {
    await deleteCredentialSet(soracom.client, soracom.auth, credentialsId);
    return true;
  } catch (error) {
    if (isMfaTrayError(error) && error.details.httpStatus === 404) return false;
    throw error;
  }
}
