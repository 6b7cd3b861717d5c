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
import type { FunnelCheckpoint, FunnelRotateOutcome, FunnelRotation } from '../core/funnel/funnel-rotation';
import type { MfaTrayCore } from '../core/mfa-tray-core';
import { isGraceDays, MAX_GRACE_DAYS } from '../core/rules/rotation-rules';
import { printFinish, printGroups, printPlan, printRotate, printStatus } from './funnel-output';
import { profileCodeProvider } from './profile-code';
import { progressPrinter } from './run-progress';

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

const out = (text: string) => process.stdout.write(`${text}\n`);

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
    onProgress: progressPrinter(PROGRESS),
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
