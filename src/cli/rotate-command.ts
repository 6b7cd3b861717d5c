/**
 * `mfa-tray rotate NAME …`: rotate a profile's base key (KeyRotation in src/core/rotation) and say in words
 * what the core reports as facts.
 *
 * Test hooks (environment): MFA_TRAY_TEST_PAUSE_AT=<checkpoint> makes the run write the file named by
 * MFA_TRAY_TEST_PAUSE_MARKER and wait there forever (a test kills it); MFA_TRAY_TEST_PROOF_TIMEOUT_MS
 * shortens the wait for a new key to work; MFA_TRAY_TEST_CLOCK_OFFSET_MS moves the clock (src/core/clock.ts).
 */
import { parseArgs } from 'node:util';
import { MfaTrayError } from '../core/errors';
import type {
  FinishOutcome,
  KeyFact,
  KeyRotation,
  RotateOutcome,
  RotationCheckpoint,
  RotationStatus,
} from '../core/rotation/key-rotation';
import type { MfaTrayCore } from '../core/mfa-tray-core';
import { formatLastUse, formatWhen as when } from './format';
import { profileCodeProvider } from './profile-code';
import { progressPrinter } from './run-progress';

export interface RotateCommandContext {
  openCore: () => Promise<MfaTrayCore>;
  UsageError: new (message: string) => Error;
}

const PROGRESS: Partial<Record<RotationCheckpoint, string>> = {
  'removing-unused': 'Deleting the unused second key…',
  creating: 'Creating a new access key…',
  proving: 'Checking that AWS accepts the new key (this can take a few seconds)…',
  deactivating: 'Deactivating the old key…',
  'rolling-back': 'Rolling back…',
  'deleting-old': 'Deleting the old key…',
};

export async function rotateCommand(args: string[], ctx: RotateCommandContext): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        yes: { type: 'boolean' },
        finish: { type: 'boolean' },
        'grace-days': { type: 'string' },
        status: { type: 'boolean' },
        json: { type: 'boolean' },
        code: { type: 'string' },
      },
    });
  } catch (error) {
    throw new ctx.UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new ctx.UsageError('Expected 1 argument: the profile name.');
  const name = positionals[0];
  if (values.json && !values.status) throw new ctx.UsageError('--json goes with --status.');
  if (values.status && (values.finish || values.yes || values['grace-days'] !== undefined)) {
    throw new ctx.UsageError('--status takes only --json.');
  }
  const graceText = values['grace-days'];
  if (graceText !== undefined && !/^\d+$/.test(graceText)) {
    throw new ctx.UsageError('--grace-days takes a whole number of days (0 = now).');
  }
  const graceDays = graceText === undefined ? undefined : Number(graceText);

  const core = await ctx.openCore();
  const rotation = await openRotation(core, values.code);
  if (values.status) return printStatus(rotation.status(name), values.json === true);
  if (values.finish) return printFinish(name, await rotation.finish(name, { graceDays }));

  let result = await interrupted(rotation, name, () => rotation.rotate(name, { graceDays }));
  if (result.outcome === 'needs-confirmation') {
    const key = result.secondKey;
    process.stderr.write(`${describeSecondKey(name, key)}\n`);
    const interactive = !!process.stdin.isTTY && !!process.stderr.isTTY;
    let confirmed = values.yes === true;
    if (!confirmed && interactive) {
      const { promptLine } = await import('./prompt.js');
      confirmed = /^y(es)?$/i.test((await promptLine(`Delete ${key.accessKeyId} and rotate? [y/N] `)).trim());
    }
    if (!confirmed) {
      throw new MfaTrayError('confirmation-required', `Not rotated: ${key.accessKeyId} was left alone.`, {
        hint: interactive
          ? 'Delete it yourself, or run again and answer y.'
          : `To delete it from a script, run \`mfa-tray rotate ${name} --yes\`.`,
      });
    }
    result = await interrupted(rotation, name, () =>
      rotation.rotate(name, { graceDays, removeUnusedKeyId: key.accessKeyId }),
    );
  }
  return printRotate(name, result);
}

/** A failure in the middle of a rotation: the record knows where it stopped, so say how to go on. */
async function interrupted(
  rotation: KeyRotation,
  name: string,
  run: () => Promise<RotateOutcome>,
): Promise<RotateOutcome> {
  try {
    return await run();
  } catch (error) {
    const step = error instanceof MfaTrayError ? rotation.status(name).rotation?.step : undefined;
    if (!step || ['rolled-back', 'finished', 'deactivated', 'deleting-old'].includes(step)) throw error;
    throw new MfaTrayError(
      (error as MfaTrayError).kind,
      `${(error as MfaTrayError).message} The rotation stopped at "${step}".`,
      {
        ...(error as MfaTrayError).details,
        hint: `Run \`mfa-tray rotate ${name}\` again to complete or roll it back.`,
      },
      { cause: error },
    );
  }
}

async function openRotation(core: MfaTrayCore, code: string | undefined): Promise<KeyRotation> {
  const { openKeyRotation } = await import('../core/rotation/open-rotation.js');
  return openKeyRotation(core, {
    codeProvider: profileCodeProvider(core, code),
    onProgress: progressPrinter(PROGRESS),
  });
}

function describeSecondKey(name: string, key: KeyFact): string {
  const used = key.lastUsed.date
    ? `last used ${when(key.lastUsed.date)}${key.lastUsed.serviceName ? ` (${key.lastUsed.serviceName})` : ''}`
    : 'never used';
  const created = key.createDate ? `created ${when(key.createDate)}, ` : '';
  return (
    `The IAM user of "${name}" already has a second access key, ${key.accessKeyId} (${key.status.toLowerCase()}, ${created}${used}). ` +
    'AWS allows two keys per user, so it has to go before a new key can be created.'
  );
}

function printRotate(name: string, result: RotateOutcome): number {
  const out = (text: string) => process.stdout.write(`${text}\n`);
  switch (result.outcome) {
    case 'rotated': {
      const r = result.record;
      if (result.resumedFrom)
        out(`Completed the rotation of "${name}" that was interrupted (at "${result.resumedFrom}").`);
      if (result.removedUnusedKeyId) out(`Deleted the unused key ${result.removedUnusedKeyId}.`);
      out(
        `Rotated the access key of "${name}": the new key ${r.newKeyId ?? ''} is in the keychain and AWS accepts it; ` +
          `the old key ${r.oldKeyId} is deactivated, not deleted yet.`,
      );
      out(
        `Run \`mfa-tray rotate ${name} --finish\` after ${when(result.finishDueAt)} (grace period ${r.graceDays} day${r.graceDays === 1 ? '' : 's'}): ` +
          'it deletes the old key if nothing used it since.',
      );
      out(
        result.sessionValidUntil
          ? `Sessions made with the old key stay valid until they expire (the current one: ${when(result.sessionValidUntil)}).`
          : 'Sessions made with the old key stay valid until they expire.',
      );
      return 0;
    }
    case 'rolled-back': {
      const r = result.record;
      const why =
        result.reason === 'new-key-lost'
          ? `the run was interrupted before the new key reached the keychain`
          : result.cause?.kind === 'wrong-identity'
            ? 'the new key belongs to another identity'
            : `AWS did not accept the new key in time${result.cause?.awsCode ? ` (${result.cause.awsCode})` : ''}`;
      const deleted =
        result.deletedKeyIds.length > 0 ? ` Deleted the new key ${result.deletedKeyIds.join(', ')}.` : '';
      out(
        `Rolled back the rotation of "${name}": ${why}.${deleted} The old key ${r.oldKeyId} stays active and in the keychain.`,
      );
      if (result.resumedFrom) out(`Run \`mfa-tray rotate ${name}\` again to rotate.`);
      return 1;
    }
    case 'second-key-in-use':
      throw new MfaTrayError(
        'confirmation-required',
        `${describeSecondKey(name, result.secondKey)} It is active and has been used, so mfa-tray leaves it alone.`,
        { hint: 'Find out who uses it; deactivate or delete it in IAM, then rotate again.' },
      );
    case 'needs-confirmation':
      throw new MfaTrayError('confirmation-required', describeSecondKey(name, result.secondKey));
    case 'key-not-listed':
      throw new MfaTrayError(
        'invalid-base-key',
        `The key in the keychain for "${name}" (…${result.accessKeyIdSuffix}) is not one of the IAM user's keys (${result.listed.join(', ') || 'none'}).`,
        {
          hint: `Store a current key first (\`mfa-tray profile remove ${name}\`, then \`mfa-tray profile add\`).`,
        },
      );
    case 'awaiting-finish':
      throw new MfaTrayError(
        'invalid-input',
        `The last rotation of "${name}" is waiting to be finished: the old key ${result.record.oldKeyId} is deactivated.`,
        {
          hint: `Run \`mfa-tray rotate ${name} --finish\` after ${when(result.finishDueAt)} (or with --grace-days 0 to finish now).`,
        },
      );
    case 'busy':
      throw new MfaTrayError(
        'invalid-input',
        `Another mfa-tray run is rotating the key of "${name}" right now.`,
        {
          hint: 'Wait for it to end, then try again.',
        },
      );
  }
}

function printFinish(name: string, result: FinishOutcome): number {
  const out = (text: string) => process.stdout.write(`${text}\n`);
  switch (result.outcome) {
    case 'finished':
      out(
        result.alreadyGone
          ? `The old key ${result.deletedKeyId} of "${name}" was already deleted; the rotation is complete.`
          : `Deleted the old key ${result.deletedKeyId} of "${name}"; the rotation is complete.`,
      );
      return 0;
    case 'nothing-to-finish':
      out(`"${name}" has no rotation waiting to be finished.`);
      return 0;
    case 'not-due':
      throw new MfaTrayError(
        'invalid-input',
        `Not yet: the grace period of the old key ${result.record.oldKeyId} ends ${when(result.finishDueAt)}.`,
        { hint: `To delete it now, run \`mfa-tray rotate ${name} --finish --grace-days 0\`.` },
      );
    case 'old-key-used': {
      const u = result.lastUse;
      throw new MfaTrayError(
        'access-denied',
        `Not deleted: the old key ${result.record.oldKeyId} was used ${formatLastUse(u)}, after its deactivation started ${when(result.record.deactivatedAt!)}.`,
        {
          hint: 'Something still has the old key: give it the new one (or its own key), then delete the old key in IAM.',
        },
      );
    }
    case 'old-key-active':
      throw new MfaTrayError(
        'access-denied',
        `Not deleted: the old key ${result.record.oldKeyId} is active again (someone turned it back on)${result.lastUse ? `, last used ${when(result.lastUse.date)}` : ''}.`,
        { hint: 'Find out what needs it; deactivate it in IAM and run --finish again once nothing uses it.' },
      );
    case 'rotation-unfinished':
      throw new MfaTrayError(
        'invalid-input',
        `The rotation of "${name}" was interrupted before the old key was deactivated.`,
        {
          hint: `Run \`mfa-tray rotate ${name}\` to complete or roll it back first.`,
        },
      );
    case 'busy':
      throw new MfaTrayError(
        'invalid-input',
        `Another mfa-tray run is working on the rotation of "${name}".`,
        {
          hint: 'Wait for it to end, then try again.',
        },
      );
  }
}

function printStatus(status: RotationStatus, json: boolean): number {
  if (json) {
    const rotation = status.rotation ? { ...status.rotation } : null;
    if (rotation) delete rotation.owner;
    process.stdout.write(JSON.stringify({ ...status, rotation }, null, 2) + '\n');
    return 0;
  }
  const out = (text: string) => process.stdout.write(`${text}\n`);
  out(
    `${status.profile}: key …${status.accessKeyIdSuffix ?? '????'}, ` +
      (status.keyAgeDays === null
        ? 'age unknown (known after the first rotation)'
        : `${status.keyAgeDays} days old`),
  );
  const r = status.rotation;
  if (!r) {
    out('  never rotated with mfa-tray');
    return 0;
  }
  switch (r.step) {
    case 'finished':
      out(`  last rotation finished ${when(r.finishedAt!)}: old key ${r.oldKeyId} deleted`);
      break;
    case 'rolled-back':
      out(`  last rotation rolled back ${when(r.finishedAt!)}; key ${r.oldKeyId} kept`);
      break;
    case 'deactivated':
    case 'deleting-old':
      out(
        `  old key ${r.oldKeyId} deactivated ${when(r.deactivatedAt!)}; finish after ${when(status.finishDueAt!)}`,
      );
      if (r.lastUseSeen) out(`  the old key was used ${when(r.lastUseSeen.date)} after its deactivation`);
      break;
    default:
      out(
        `  a rotation was interrupted at "${r.step}": run \`mfa-tray rotate ${status.profile}\` to complete or roll it back`,
      );
  }
  return 0;
}

/** Key ages by profile name for `status` (null when unknown): no AWS call, only rotations.json. */
export async function keyAgesForStatus(
  core: MfaTrayCore,
  profiles: { name: string; accessKeyIdSuffix: string | null }[],
): Promise<Map<string, number | null>> {
  const [{ RotationStore }, { knownKeyAge }, { mfaTrayHome }, { clockFromEnv }] = await Promise.all([
    import('../core/rotation/rotation-store.js'),
    import('../core/rotation/key-outcomes.js'),
    import('../core/paths.js'),
    import('../core/clock.js'),
  ]);
  const ages = new Map<string, number | null>();
  let stored: ReturnType<InstanceType<typeof RotationStore>['load']>['keyAges'] = {};
  try {
    stored = new RotationStore(mfaTrayHome(core.env)).load().keyAges;
  } catch {
    // A damaged rotations.json must not break `status`; `rotate --status` reports it.
  }
  const now = clockFromEnv(core.env).now();
  for (const p of profiles) {
    ages.set(p.name, knownKeyAge(stored[p.name], p.accessKeyIdSuffix, now)?.days ?? null);
  }
  return ages;
}
