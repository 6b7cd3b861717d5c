/**
 * What `mfa-tray funnel …` prints: the Funnel rotation's facts (plan, outcomes, status) in English, with the
 * command that goes on from there. Failures that need the user become MfaTrayErrors with a hint.
 */
import { MfaTrayError } from '../core/errors';
import type { FunnelGroup, FunnelRotationRecord } from '../core/funnel/funnel-record';
import type {
  FunnelFinishOutcome,
  FunnelPlan,
  FunnelRotateOutcome,
  FunnelStatusEntry,
} from '../core/funnel/funnel-rotation';
import { formatLastUse, formatWhen as when } from './format';

const out = (text: string) => process.stdout.write(`${text}\n`);

export function printPlan(plan: FunnelPlan): void {
  out(
    `Plan: a new access key for IAM user ${plan.iamUser}, registered in SORACOM ("${plan.soracomProfile}") as credential set ${plan.newSetId};`,
  );
  out(`${plan.groups.length} group${plan.groups.length === 1 ? '' : 's'} move to it:`);
  for (const g of plan.groups) out(`  ${label(g)}: ${g.from} → ${plan.newSetId}`);
  if (plan.otherGroups > 0)
    out(`${plan.otherGroups} other Funnel group(s) do not use "${plan.prefix}…" and stay as they are.`);
  for (const s of plan.oldSets) {
    out(
      s.accessKeyId
        ? `Old set ${s.credentialsId} holds key ${s.accessKeyId}: both stay until \`mfa-tray funnel finish\`.`
        : `Old set ${s.credentialsId} holds no key of ${plan.iamUser}: finish deletes the set only.`,
    );
  }
}

function label(g: { groupId: string; name: string | null }): string {
  return g.name ? `${g.name} (${g.groupId})` : g.groupId;
}

/** Where each group points now, as the record knows it. */
function pointing(record: FunnelRotationRecord, g: FunnelGroup): string {
  switch (g.state) {
    case 'moved':
      return `${record.newSetId} (moved)`;
    case 'restored':
      return `${g.from} (moved back)`;
    case 'pending':
      return `${g.from} (not moved yet)`;
    case 'failed':
      return `${g.from} (the update failed${g.failureCode ? `: ${g.failureCode}` : ''})`;
    case 'moving':
      return `${g.from} or ${record.newSetId} (interrupted during the update)`;
  }
}

export function printGroups(record: FunnelRotationRecord): void {
  for (const g of record.groups) out(`  ${label(g)} → ${pointing(record, g)}`);
}

export function printRotate(result: FunnelRotateOutcome): number {
  switch (result.outcome) {
    case 'dry-run':
      printPlan(result.plan);
      return 0;
    case 'switched': {
      const r = result.record;
      if (result.resumedFrom) out(`Completed the Funnel rotation that stopped at "${result.resumedFrom}".`);
      out(
        `Rotated the Funnel key of ${r.iamUser}: new key ${r.newKeyId ?? ''} in SORACOM credential set ${r.newSetId}; ` +
          `${r.groups.length} group${r.groups.length === 1 ? '' : 's'} now use it.`,
      );
      printGroups(r);
      const old = r.oldSets.map((s) =>
        s.accessKeyId ? `${s.credentialsId} (key ${s.accessKeyId})` : s.credentialsId,
      );
      out(
        `The old set${old.length === 1 ? '' : 's'} ${old.join(', ')} stay${old.length === 1 ? 's' : ''} active for now. ` +
          `Run \`mfa-tray funnel finish\` after ${when(result.finishDueAt)}: it deletes them if nothing used them since.`,
      );
      return 0;
    }
    case 'partial': {
      const r = result.record;
      const cause = result.cause.soracomCode ?? result.cause.kind;
      out(
        result.phase === 'rotate'
          ? `The Funnel rotation stopped half-way: ${result.failed.length} group update(s) failed (${cause}). The groups point here:`
          : `The rollback stopped half-way: ${result.failed.length} group(s) could not be moved back (${cause}). The groups point here:`,
      );
      printGroups(r);
      out(
        result.phase === 'rotate'
          ? 'Both keys work, so every group can still publish. Run `mfa-tray funnel rotate --resume` to move the rest, or `mfa-tray funnel rotate --rollback` to undo.'
          : `The new set ${r.newSetId} and its key stay while groups use them. Run \`mfa-tray funnel rotate --rollback\` again.`,
      );
      return 1;
    }
    case 'rolled-back': {
      const r = result.record;
      out(`Rolled back the Funnel rotation of ${r.iamUser}: the groups use their old set again.`);
      printGroups(r);
      const gone = [
        ...(result.deletedSetId ? [`credential set ${result.deletedSetId}`] : []),
        ...(result.deletedKeyId ? [`key ${result.deletedKeyId}`] : []),
      ];
      if (gone.length > 0) out(`Deleted the new ${gone.join(' and the new ')}.`);
      return 0;
    }
    case 'no-groups':
      throw new MfaTrayError(
        'invalid-input',
        `No SIM group's Funnel uses a credential set starting with "${result.prefix}".`,
        {
          hint:
            result.otherGroups > 0
              ? `${result.otherGroups} group(s) use other sets; check the prefix.`
              : 'Check the SORACOM profile and the prefix.',
        },
      );
    case 'key-limit':
      throw new MfaTrayError(
        'confirmation-required',
        `The IAM user already has two access keys (${result.keys.map((k) => `${k.accessKeyId} ${k.status.toLowerCase()}`).join(', ')}); AWS allows two, so a new one cannot be created.`,
        { hint: 'Delete the one Funnel does not use (in IAM), then rotate again.' },
      );
    case 'open-rotation':
      throw new MfaTrayError(
        'invalid-input',
        `A Funnel rotation for "${result.record.prefix}" stopped at "${result.record.step}".`,
        {
          hint: 'Run `mfa-tray funnel rotate --resume` to complete it, or `--rollback` to undo it.',
        },
      );
    case 'awaiting-finish':
      throw new MfaTrayError(
        'invalid-input',
        `The last Funnel rotation for "${result.record.prefix}" is waiting to be finished.`,
        {
          hint: `Run \`mfa-tray funnel finish\` after ${when(result.finishDueAt)} (or with --grace-days 0 to finish now).`,
        },
      );
    case 'nothing-to-resume':
      out('No Funnel rotation is waiting to be resumed or rolled back.');
      return 0;
    case 'ambiguous':
      throw new MfaTrayError(
        'invalid-input',
        `${result.records.length} Funnel rotations are open (${result.records.map((r) => `${r.soracomProfile}/${r.prefix}`).join(', ')}).`,
        {
          hint: 'Say which with --soracom NAME and --prefix PREFIX.',
        },
      );
    case 'busy':
      throw new MfaTrayError(
        'invalid-input',
        'Another mfa-tray run is working on this Funnel rotation right now.',
        {
          hint: 'Wait for it to end, then try again.',
        },
      );
  }
}

export function printFinish(results: FunnelFinishOutcome[]): number {
  if (results.length === 0) {
    out('No Funnel rotation is waiting to be finished.');
    return 0;
  }
  let code = 0;
  for (const result of results) {
    const r = result.record;
    const what = `${r.soracomProfile}/${r.prefix} → ${r.newSetId}`;
    switch (result.outcome) {
      case 'finished': {
        const keys =
          result.deletedKeyIds.length > 0
            ? `key ${result.deletedKeyIds.join(', ')}`
            : 'no key (already gone)';
        const sets =
          result.deletedSetIds.length > 0
            ? `credential set ${result.deletedSetIds.join(', ')}`
            : 'no set (already gone)';
        out(`${what}: deleted the old ${keys} and ${sets}; the rotation is complete.`);
        break;
      }
      case 'not-due':
        out(
          `${what}: not yet; the grace period ends ${when(result.finishDueAt)} (--grace-days 0 to finish now).`,
        );
        code = 1;
        break;
      case 'old-set-in-use':
        out(
          `${what}: not deleted; groups still use the old set: ${result.groups.map((g) => `${g.groupId} → ${g.set}`).join(', ')}.`,
        );
        code = 1;
        break;
      case 'old-key-shared':
        out(
          `${what}: not deleted; the old key ${result.accessKeyId} is also in credential set ${result.setIds.join(', ')}.`,
        );
        code = 1;
        break;
      case 'old-key-used': {
        const u = result.lastUse;
        out(
          `${what}: not deleted; the old key ${u.accessKeyId} was used ${formatLastUse(u)}, ` +
            `after the switch ${when(r.switchedAt!)}. Find what still has it, then run finish again.`,
        );
        code = 1;
        break;
      }
      case 'busy':
        out(`${what}: another mfa-tray run is working on it.`);
        code = 1;
        break;
    }
  }
  return code;
}

export function printStatus(entries: FunnelStatusEntry[], json: boolean): number {
  if (json) {
    const list = entries.map((e) => {
      const record = { ...e.record };
      delete record.owner;
      return { ...record, finishDueAt: e.finishDueAt, left: e.left };
    });
    process.stdout.write(JSON.stringify({ rotations: list }, null, 2) + '\n');
    return 0;
  }
  if (entries.length === 0) {
    out('No Funnel rotation recorded.');
    return 0;
  }
  for (const { record: r, finishDueAt, left } of entries) {
    out(`${r.soracomProfile}/${r.prefix} (IAM user ${r.iamUser}, started ${when(r.startedAt)}): ${r.step}`);
    out(
      `  old: ${r.oldSets.map((s) => `${s.credentialsId}${s.accessKeyId ? ` (key ${s.accessKeyId})` : ''}`).join(', ')}`,
    );
    out(
      `  new: ${r.newSetId}${r.newKeyId ? ` (key ${r.newKeyId})` : ''}${r.switchedAt ? `, switched ${when(r.switchedAt)}` : ''}`,
    );
    printGroups(r);
    if (left === 'finish') out(`  left: \`mfa-tray funnel finish\` after ${when(finishDueAt!)}`);
    if (left === 'resume-or-rollback') out('  left: `mfa-tray funnel rotate --resume` (or --rollback)');
    if (r.lastUseSeen)
      out(
        `  the old key ${r.lastUseSeen.accessKeyId} was used ${when(r.lastUseSeen.date)}, after the switch`,
      );
    if (r.finishedAt) out(`  ${r.step === 'finished' ? 'finished' : 'rolled back'} ${when(r.finishedAt)}`);
  }
  return 0;
}
