/**
 * `mfa-tray funnel rotate|status|finish`: rotate the AWS key SORACOM Funnel publishes with
 * (FunnelRotation in src/core/funnel) and say in words what the core reports as facts.
 *
 * Test hooks (environment): MFA_TRAY_TEST_PAUSE_AT=<checkpoint> makes the run write the file named by
 * MFA_TRAY_TEST_PAUSE_MARKER and wait there forever (a test kills it); MFA_TRAY_TEST_CLOCK_OFFSET_MS moves
 * the clock; MFA_TRAY_TEST_SORACOM_PAGE_SIZE pages the group list.
 */
import { parseArgs } from 'node:util';
import { MfaTrayError } from '../core/errors';
import type { FunnelGroup, FunnelRotationRecord } from '../core/funnel/funnel-record';
import type {
  FunnelCheckpoint,
  FunnelFinishOutcome,
  FunnelPlan,
  FunnelRotateOutcome,
  FunnelRotation,
  FunnelStatusEntry,
} from '../core/funnel/funnel-rotation';
import type { MfaTrayCore } from '../core/mfa-tray-core';
import { pausePoint } from '../core/test-pause';
import { isGraceDays, MAX_GRACE_DAYS } from '../core/rules/rotation-rules';
import { profileCodeProvider } from './profile-code';

export interface FunnelCommandContext {
  openCore: () => Promise<MfaTrayCore>;
  UsageError: new (message: string) => Error;
}

export const FUNNEL_USAGE = `  mfa-tray funnel rotate --aws-profile NAME --iam-user USER --soracom NAME --prefix PREFIX
                         [--dry-run] [--yes] [--grace-days N] [--code 123456]
  mfa-tray funnel rotate --resume|--rollback [--soracom NAME] [--prefix PREFIX] [--yes]
  mfa-tray funnel status [--json]
  mfa-tray funnel finish [--grace-days N] [--yes] [--soracom NAME] [--prefix PREFIX]
        Rotate the AWS key SORACOM Funnel uses: new key → new credential set PREFIX-YYMMDD → groups moved;
        finish deletes the old key and set after the grace period (default 7 days) once nothing uses them.
`;

const PROGRESS: Partial<Record<FunnelCheckpoint, string>> = {
  'creating-key': 'Creating a new access key…',
  'creating-set': 'Registering it in SORACOM as a new credential set…',
  moving: 'Pointing the groups at the new credential set…',
  'rolling-back': 'Rolling back…',
  finishing: 'Deleting the old key and credential set…',
};

type Values = Record<string, string | boolean | undefined>;

export async function funnelCommand(args: string[], ctx: FunnelCommandContext): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === 'help' || sub === '--help') {
    process.stdout.write(`Usage:\n${FUNNEL_USAGE}`);
    return sub === undefined ? 2 : 0;
  }
  let values: Values;
  try {
    values = parseArgs({
      args: rest,
      allowPositionals: false,
      strict: true,
      options: {
        'aws-profile': { type: 'string' },
        'iam-user': { type: 'string' },
        soracom: { type: 'string' },
        prefix: { type: 'string' },
        'dry-run': { type: 'boolean' },
        yes: { type: 'boolean' },
        resume: { type: 'boolean' },
        rollback: { type: 'boolean' },
        'grace-days': { type: 'string' },
        json: { type: 'boolean' },
        code: { type: 'string' },
      },
    }).values;
  } catch (error) {
    throw new ctx.UsageError((error as Error).message);
  }
  const allowed: Record<string, string[]> = {
    rotate: [
      'aws-profile',
      'iam-user',
      'soracom',
      'prefix',
      'dry-run',
      'yes',
      'resume',
      'rollback',
      'grace-days',
      'code',
    ],
    status: ['json'],
    finish: ['grace-days', 'yes', 'soracom', 'prefix', 'code'],
  };
  if (!sub || !allowed[sub])
    throw new ctx.UsageError('Expected `funnel rotate`, `funnel status` or `funnel finish`.');
  const extra = Object.keys(values).filter((k) => !allowed[sub].includes(k));
  if (extra.length > 0) throw new ctx.UsageError(`funnel ${sub} does not take --${extra.join(', --')}.`);
  const graceText = values['grace-days'] as string | undefined;
  if (graceText !== undefined && (!/^\d+$/.test(graceText) || !isGraceDays(Number(graceText)))) {
    throw new ctx.UsageError(
      `--grace-days takes a whole number of days from 0 to ${MAX_GRACE_DAYS} (0 = now).`,
    );
  }
  const graceDays = graceText === undefined ? undefined : Number(graceText);
  const selector = {
    ...(typeof values.soracom === 'string' ? { soracomProfile: values.soracom } : {}),
    ...(typeof values.prefix === 'string' ? { prefix: values.prefix } : {}),
  };

  const core = await ctx.openCore();
  const funnel = await openFunnel(core, values.code as string | undefined);
  if (sub === 'status') return printStatus(funnel.status(), values.json === true);
  if (sub === 'finish') {
    const due = funnel.status().filter((e) => e.left === 'finish');
    if (due.length > 0) {
      await confirm(
        values.yes === true,
        'Delete the old keys and credential sets of the switched rotations, where nothing uses them any more?',
        'mfa-tray funnel finish --yes',
      );
    }
    return printFinish(
      await funnel.finish({ ...selector, ...(graceDays !== undefined ? { graceDays } : {}) }),
    );
  }

  if (values.resume && values.rollback) throw new ctx.UsageError('--resume or --rollback, not both.');
  if (values.resume || values.rollback) {
    const stray = ['aws-profile', 'iam-user', 'dry-run', 'grace-days'].filter((k) => values[k] !== undefined);
    if (stray.length > 0)
      throw new ctx.UsageError(
        `--resume and --rollback take the recorded plan, not --${stray.join(', --')}.`,
      );
    if (values.rollback) {
      await confirm(
        values.yes === true,
        'Point the groups back at their old credential set and delete the new key and set?',
        'mfa-tray funnel rotate --rollback --yes',
      );
      return printRotate(await interrupted(funnel, () => funnel.rollback(selector)));
    }
    return printRotate(await interrupted(funnel, () => funnel.resume(selector)));
  }
  const missing = ['aws-profile', 'iam-user', 'soracom', 'prefix'].filter(
    (k) => typeof values[k] !== 'string',
  );
  if (missing.length > 0) throw new ctx.UsageError(`funnel rotate needs --${missing.join(', --')}.`);
  const input = {
    awsProfile: values['aws-profile'] as string,
    iamUser: values['iam-user'] as string,
    soracomProfile: values.soracom as string,
    prefix: values.prefix as string,
    ...(graceDays !== undefined ? { graceDays } : {}),
  };
  const planned = await funnel.rotate(input, { dryRun: true });
  if (planned.outcome !== 'dry-run') return printRotate(planned);
  printPlan(planned.plan);
  if (values['dry-run']) {
    process.stdout.write('Dry run: nothing was changed.\n');
    return 0;
  }
  if (planned.plan.userKeys.length >= 2)
    return printRotate({ outcome: 'key-limit', keys: planned.plan.userKeys });
  await confirm(values.yes === true, 'Rotate now?', 'mfa-tray funnel rotate … --yes');
  return printRotate(await interrupted(funnel, () => funnel.rotate(input)));
}

/**
 * A failure in the middle of a run (SORACOM unreachable, the session gone): the record knows how far it got,
 * so show where each group points and how to go on.
 */
async function interrupted(
  funnel: FunnelRotation,
  run: () => Promise<FunnelRotateOutcome>,
): Promise<FunnelRotateOutcome> {
  const before = new Set(funnel.status().map((e) => `${e.record.id}:${e.record.updatedAt}`));
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof MfaTrayError)) throw error;
    const touched = funnel
      .status()
      .filter((e) => e.left === 'resume-or-rollback' && !before.has(`${e.record.id}:${e.record.updatedAt}`));
    for (const { record } of touched) {
      out(`The Funnel rotation stopped at "${record.step}". The groups point here:`);
      printGroups(record);
    }
    if (touched.length === 0) throw error;
    throw new MfaTrayError(
      error.kind,
      error.message,
      {
        ...error.details,
        hint: 'Run `mfa-tray funnel rotate --resume` to complete it, or `--rollback` to undo it.',
      },
      { cause: error },
    );
  }
}

async function openFunnel(core: MfaTrayCore, code: string | undefined): Promise<FunnelRotation> {
  const { openFunnelRotation } = await import('../core/funnel/open-funnel.js');
  return openFunnelRotation(core, {
    codeProvider: profileCodeProvider(core, code),
    onProgress: async (point) => {
      const line = PROGRESS[point];
      if (line) process.stderr.write(`${line}\n`);
      await pausePoint(process.env, point);
    },
  });
}

async function confirm(yes: boolean, question: string, scripted: string): Promise<void> {
  if (yes) return;
  if (process.stdin.isTTY && process.stderr.isTTY) {
    const { promptLine } = await import('./prompt.js');
    if (/^y(es)?$/i.test((await promptLine(`${question} [y/N] `)).trim())) return;
    throw new MfaTrayError('cancelled', 'Nothing was changed.');
  }
  throw new MfaTrayError('confirmation-required', `${question} Nothing was changed.`, {
    hint: `To go ahead from a script, run \`${scripted}\`.`,
  });
}

const out = (text: string) => process.stdout.write(`${text}\n`);

function when(iso: string): string {
  return new Date(iso).toLocaleString();
}

function printPlan(plan: FunnelPlan): void {
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

function printGroups(record: FunnelRotationRecord): void {
  for (const g of record.groups) out(`  ${label(g)} → ${pointing(record, g)}`);
}

function printRotate(result: FunnelRotateOutcome): number {
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

function printFinish(results: FunnelFinishOutcome[]): number {
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
          `${what}: not deleted; the old key ${u.accessKeyId} was used ${when(u.date)}${u.serviceName ? ` (${u.serviceName}${u.region ? `, ${u.region}` : ''})` : ''}, ` +
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

function printStatus(entries: FunnelStatusEntry[], json: boolean): number {
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
