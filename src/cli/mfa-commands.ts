/**
 * `mfa-tray mfa …`: set up, resync, list and remove the virtual MFA devices of a profile's IAM user. A thin
 * layer over MfaDeviceService (src/core/mfa-devices/), which the tray's setup screen uses too.
 *
 * On a terminal, `create` and `enable` guide the user through the two consecutive codes (with a countdown to
 * the next one) and delete the unfinished device when the user gives up. Without a terminal everything is
 * driven by flags. The commands' arguments and help are declared in commands/mfa.ts.
 */
import { MfaTrayError } from '../core/errors';
import type { EnableResult, MfaDeviceList, MfaDeviceService } from '../core/mfa-devices';
import type { MfaTrayCore } from '../core/mfa-tray-core';
import type { ParsedArgs } from './command';
import { resolveDeviceSerial } from './device-serial';
import { createQrFile, qrOutputOf, writeQrFile } from './qr-file';
import { guidedCodes } from './guided-codes';
import { processIo, type TerminalIo } from './terminal-io';
import { noteText } from './wording';

export { guidedCodes, processIo, type TerminalIo };

export interface MfaCommandContext {
  openCore: () => Promise<MfaTrayCore>;
  UsageError: new (message: string) => Error;
}

/**
 * `mfa-tray mfa ARGS…` in-process, with a given terminal (the guided flows' tests use a scripted one).
 * Parses through the command table like the real CLI; errors are thrown, not printed.
 */
export async function mfaCommand(
  args: string[],
  ctx: MfaCommandContext,
  io: TerminalIo = processIo(),
): Promise<number> {
  const [{ dispatch }, { mfaGroup }] = await Promise.all([
    import('./dispatch.js'),
    import('./commands/mfa.js'),
  ]);
  try {
    return await dispatch(mfaGroup, 'mfa-tray mfa', args, {
      io,
      env: process.env,
      openCore: ctx.openCore,
    });
  } finally {
    io.close();
  }
}

async function openService(ctx: MfaCommandContext): Promise<MfaDeviceService> {
  const { MfaDeviceService } = await import('../core/mfa-devices/index.js');
  return new MfaDeviceService(await ctx.openCore());
}

/** A device ARN, or a device name resolved against the profile's account (see device-serial.ts). */
async function deviceSerial(
  ctx: MfaCommandContext,
  profile: string,
  input: string,
  options: { hardwareSerials: boolean },
): Promise<string> {
  return resolveDeviceSerial(await ctx.openCore(), profile, input, options);
}

// ---- create ---------------------------------------------------------------------------------------------

export async function create(args: ParsedArgs, ctx: MfaCommandContext, io: TerminalIo): Promise<number> {
  const profile = args.string('profile')!;
  const qr = args.string('qr');
  const qrKind = qrOutputOf(qr, ctx.UsageError);
  const showSecret = args.flag('show-secret');
  const builtIn = args.flag('built-in-authenticator');
  if (!io.interactive && qr === undefined && !showSecret && !builtIn) {
    throw new ctx.UsageError(
      'Not on a terminal: pass --qr FILE.png|FILE.svg|- (or --show-secret) so the new device can reach your authenticator app — its secret is shown only now.',
    );
  }

  const service = await openService(ctx);
  // The QR file is created (exclusively) before the device: a name that is taken costs no device.
  const qrFile =
    qrKind === 'png' || qrKind === 'svg'
      ? await createQrFile(qr!, "the QR code (it holds the device's secret)")
      : undefined;
  // Ctrl-C while AWS creates the device must still lead to its deletion.
  if (io.interactive) io.trapInterrupts();
  let created;
  try {
    created = await service.create(profile, args.arg('DEVICE_NAME')!, { path: args.string('path') });
  } catch (error) {
    await qrFile?.discard();
    throw error;
  }
  const { serialNumber } = created;
  try {
    if (io.interrupted()) throw new Error('cancelled');
    io.out(
      `Created virtual MFA device ${serialNumber} for IAM user ${created.userName} (account ${created.accountId}).\n`,
    );
    const { qrTerminal, formatSeedForTyping } = await import('../core/otpauth.js');
    if (qrFile && (qrKind === 'png' || qrKind === 'svg')) {
      await writeQrFile(qrFile, qrKind, created.otpauthUri);
      io.out(
        `Wrote its QR code to ${qr} (readable only by you). It holds the device's secret: delete it after scanning.\n`,
      );
    } else if (qrKind === 'terminal' || (qr === undefined && !builtIn)) {
      const code = await qrTerminal(created.otpauthUri);
      if (qrKind === 'terminal' || io.stdoutIsTty) io.out(code);
      else io.err(code);
    }
    if (showSecret) {
      io.out(`Secret key: ${formatSeedForTyping(created.seedBase32)}\notpauth URI: ${created.otpauthUri}\n`);
    }
    if (builtIn) {
      const { BUILT_IN_AUTHENTICATOR_WARNING } = await import('../core/codes/built-in-authenticator.js');
      io.err(`Warning: ${BUILT_IN_AUTHENTICATOR_WARNING}\n`);
      printEnabled(io, await service.enableWithBuiltInAuthenticator(profile, serialNumber));
      return 0;
    }
    if (!io.interactive) {
      io.out(
        `The device stays unassigned (it protects nothing yet) until you enable it: add it to your authenticator app, then run\n` +
          `  mfa-tray mfa enable ${serialNumber} --profile ${profile} --code1 123456 --code2 654321\n` +
          `with two consecutive codes. If you give up, delete it: mfa-tray mfa remove ${serialNumber} --profile ${profile}\n`,
      );
      return 0;
    }
    io.err(
      `Scan the QR code with your authenticator app (Google Authenticator, Microsoft Authenticator, 1Password, …).\n` +
        `Can't scan it? Type s at the prompt to see the key to type in instead.\n`,
    );
    const result = await guidedCodes(io, {
      seed: created.seedBase32,
      submit: (c1, c2) => service.enable(profile, serialNumber, c1, c2),
    });
    printEnabled(io, result);
    return 0;
  } catch (error) {
    await qrFile?.discard();
    // Whatever went wrong (Ctrl-C included), an unassigned device is no use to anyone: delete it.
    try {
      const abandoned = await service.abandon(profile, serialNumber);
      io.err(`${abandoned.message}\n`);
    } catch (cleanup) {
      io.err(
        `Could not delete the unfinished device ${serialNumber}: ${cleanup instanceof MfaTrayError ? cleanup.toOneLine() : String(cleanup)}\n` +
          `Delete it later with: mfa-tray mfa remove ${serialNumber} --profile ${profile}\n`,
      );
    }
    throw error;
  }
}

function printEnabled(io: TerminalIo, result: EnableResult): void {
  io.out(
    `Enabled ${result.serialNumber} for IAM user ${result.userName}; profile "${result.profile.name}" logs in with it from now on.\n`,
  );
  for (const note of result.notes) io.out(`Note: ${noteText(note)}\n`);
  io.out(
    result.builtInAuthenticator
      ? `The built-in authenticator is on for "${result.profile.name}": log in with \`mfa-tray mfa authenticator login --profile ${result.profile.name}\` (turn it off with \`mfa-tray mfa authenticator off --profile ${result.profile.name}\`).\n`
      : `Next: mfa-tray login ${result.profile.name} (with the next code your app shows).\n`,
  );
}

// ---- enable / resync ------------------------------------------------------------------------------------

function codesFrom(ctx: MfaCommandContext, args: ParsedArgs): [string, string] | undefined {
  const code1 = args.string('code1');
  const code2 = args.string('code2');
  if ((code1 === undefined) !== (code2 === undefined)) {
    throw new ctx.UsageError('Give both --code1 and --code2: two consecutive codes from the app.');
  }
  return code1 !== undefined && code2 !== undefined ? [code1, code2] : undefined;
}

export async function enable(args: ParsedArgs, ctx: MfaCommandContext, io: TerminalIo): Promise<number> {
  const profile = args.string('profile')!;
  const codes = codesFrom(ctx, args);
  const builtIn = args.flag('built-in-authenticator');
  if (!codes && !builtIn && !io.interactive) {
    throw new ctx.UsageError(
      'Not on a terminal: pass --code1 and --code2 (two consecutive codes from the app).',
    );
  }
  let seed: string | undefined;
  if (builtIn) {
    const { BUILT_IN_AUTHENTICATOR_WARNING } = await import('../core/codes/built-in-authenticator.js');
    io.err(`Warning: ${BUILT_IN_AUTHENTICATOR_WARNING}\n`);
    seed = io.interactive
      ? await io.ask('Secret key of the device (the text behind its QR code, not shown): ', { hidden: true })
      : await io.readStdin();
    if (!seed.trim())
      throw new ctx.UsageError('The built-in authenticator needs the device’s secret key (on stdin).');
  }
  const serial = await deviceSerial(ctx, profile, args.arg('DEVICE')!, { hardwareSerials: false });
  const service = await openService(ctx);
  let result: EnableResult;
  if (seed !== undefined && !codes) {
    result = await service.enableWithBuiltInAuthenticator(profile, serial, seed);
  } else if (codes) {
    result = await service.enable(profile, serial, codes[0], codes[1], {
      ...(seed !== undefined ? { builtInAuthenticator: true, seedBase32: seed } : {}),
    });
  } else {
    io.err(`Enter two consecutive codes of ${serial} from your authenticator app.\n`);
    result = await guidedCodes(io, {
      submit: (c1, c2) => service.enable(profile, serial, c1, c2),
    }).catch((error: unknown) => {
      if (error instanceof Error && error.message === 'cancelled') {
        io.err(
          `${serial} stays unassigned. Enable it later, or delete it: mfa-tray mfa remove ${serial} --profile ${profile}\n`,
        );
      }
      throw error;
    });
  }
  printEnabled(io, result);
  return 0;
}

export async function resync(args: ParsedArgs, ctx: MfaCommandContext, io: TerminalIo): Promise<number> {
  const profile = args.string('profile')!;
  const codes = codesFrom(ctx, args);
  if (!codes && !io.interactive) {
    throw new ctx.UsageError(
      'Not on a terminal: pass --code1 and --code2 (two consecutive codes from the app).',
    );
  }
  const given = args.arg('DEVICE');
  const serial =
    given === undefined ? undefined : await deviceSerial(ctx, profile, given, { hardwareSerials: true });
  const service = await openService(ctx);
  const result = codes
    ? await service.resync(profile, serial, codes[0], codes[1])
    : await (async () => {
        io.err('Enter two consecutive codes from your authenticator app.\n');
        return guidedCodes(io, { submit: (c1, c2) => service.resync(profile, serial, c1, c2) });
      })();
  io.out(`Resynchronised ${result.serialNumber}: AWS expects its codes at the app's pace again.\n`);
  return 0;
}

// ---- list -----------------------------------------------------------------------------------------------

export async function list(args: ParsedArgs, ctx: MfaCommandContext, io: TerminalIo): Promise<number> {
  const profile = args.string('profile')!;
  const result = await (await openService(ctx)).list(profile);
  if (args.flag('json')) {
    io.out(JSON.stringify(result, null, 2) + '\n');
    return 0;
  }
  io.out(formatList(result));
  return 0;
}

export function formatList(l: MfaDeviceList): string {
  const lines = [
    `IAM user ${l.userName} (account ${l.accountId}): ${l.assigned.length} of at most ${l.limit} MFA devices.`,
  ];
  if (l.assigned.length === 0) {
    lines.push(`  (none — set one up with \`mfa-tray mfa create DEVICE_NAME --profile ${l.profile}\`)`);
  }
  for (const d of l.assigned) {
    const tags = [
      d.isLoginDevice ? `"${l.profile}" logs in with it` : '',
      d.builtInAuthenticator ? 'built-in authenticator' : '',
      d.virtual ? '' : 'hardware or passkey',
    ].filter(Boolean);
    lines.push(
      `  ${d.serialNumber}  enabled ${d.enableDate ? d.enableDate.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC') : '(date unknown)'}${tags.length ? `  [${tags.join(', ')}]` : ''}`,
    );
  }
  if (l.loginDevice && !l.assigned.some((d) => d.isLoginDevice)) {
    lines.push(`  Note: "${l.profile}" is set to log in with ${l.loginDevice}, which is not among them.`);
  }
  if (l.orphans === null) {
    lines.push(
      `Unassigned virtual MFA devices: cannot list them (${l.orphansUnavailable ?? 'not allowed'}).`,
    );
  } else if (l.orphans.length === 0) {
    lines.push('No unassigned virtual MFA devices in the account.');
  } else {
    lines.push(
      `Unassigned virtual MFA devices in the account (left over from unfinished setups; they protect nothing):`,
    );
    for (const o of l.orphans) {
      lines.push(`  ${o.serialNumber}${o.setupInProgress ? '  [being set up right now]' : ''}`);
    }
    lines.push(
      `  Delete one with: mfa-tray mfa remove SERIAL --profile ${l.profile} (make sure nobody is setting it up).`,
    );
  }
  return lines.join('\n') + '\n';
}

// ---- remove ---------------------------------------------------------------------------------------------

export async function remove(args: ParsedArgs, ctx: MfaCommandContext, io: TerminalIo): Promise<number> {
  const profile = args.string('profile')!;
  const serial = await deviceSerial(ctx, profile, args.arg('DEVICE')!, { hardwareSerials: true });
  const yes = args.count('yes');
  const service = await openService(ctx);
  const plan = await service.describeRemoval(profile, serial);
  let confirmedCurrent = false;
  if (plan.status === 'assigned') {
    io.err(
      `Removing ${serial} (deactivate, then delete):\n${plan.consequences.map((c) => `  - ${c}\n`).join('')}`,
    );
    const needed = plan.needsSecondConfirmation ? 2 : 1;
    let confirmations = Math.min(yes, needed);
    if (confirmations < needed && !io.interactive) {
      throw new MfaTrayError(
        'confirmation-required',
        `Not removed: ${serial} ${plan.isLoginDevice ? `is the device "${profile}" logs in with` : 'is enabled for your IAM user'}.`,
        {
          hint: plan.needsSecondConfirmation
            ? 'To remove it from a script, pass --yes twice.'
            : 'To remove it from a script, pass --yes.',
        },
      );
    }
    if (confirmations < 1) {
      const answer = await io.ask(`Remove ${serial}? [y/N] `);
      if (!/^y(es)?$/i.test(answer.trim())) {
        io.err('Nothing removed.\n');
        return 1;
      }
      confirmations = 1;
    }
    if (confirmations < needed) {
      const answer = await io.ask(
        `It is the device "${profile}" logs in with. Type the profile name (${profile}) to remove it anyway: `,
      );
      if (answer.trim() !== profile) {
        io.err('Nothing removed.\n');
        return 1;
      }
    }
    confirmedCurrent = plan.needsSecondConfirmation;
  }
  const result = await service.remove(profile, serial, { confirmedCurrent });
  io.out(
    result.deactivated
      ? `Removed ${serial}: deactivated${result.deleted ? ' and deleted' : ''}.\n`
      : `Deleted the unassigned device ${serial}.\n`,
  );
  for (const note of result.notes) io.out(`Note: ${noteText(note)}\n`);
  return 0;
}

// ---- built-in authenticator -----------------------------------------------------------------------------

export async function authenticatorStatus(
  args: ParsedArgs,
  ctx: MfaCommandContext,
  io: TerminalIo,
): Promise<number> {
  const profile = args.string('profile')!;
  const status = await (await openService(ctx)).builtInAuthenticator(profile);
  io.out(
    !status.enabled
      ? `The built-in authenticator is off for "${profile}": codes come from your authenticator app.\n`
      : status.matchesLoginDevice
        ? `The built-in authenticator is on for "${profile}" (device ${status.serialNumber}): its secret is in this computer's keychain.\n`
        : `The built-in authenticator holds the secret of ${status.serialNumber}, which "${profile}" no longer logs in with; turn it off.\n`,
  );
  return 0;
}

export async function authenticatorOff(
  args: ParsedArgs,
  ctx: MfaCommandContext,
  io: TerminalIo,
): Promise<number> {
  const profile = args.string('profile')!;
  const deleted = await (await openService(ctx)).disableBuiltInAuthenticator(profile);
  io.out(
    deleted
      ? `The built-in authenticator is off for "${profile}": its secret is deleted from the keychain. Log in with codes from your app.\n`
      : `The built-in authenticator was not on for "${profile}".\n`,
  );
  return 0;
}

export async function authenticatorLogin(
  args: ParsedArgs,
  ctx: MfaCommandContext,
  io: TerminalIo,
): Promise<number> {
  const profile = args.string('profile')!;
  const result = await (await openService(ctx)).loginWithBuiltInAuthenticator(profile);
  for (const w of result.warnings) io.err(`mfa-tray: warning: ${noteText(w)}\n`);
  io.out(
    `Logged in "${profile}" until ${new Date(result.expiresAt).toLocaleString()}. Use: aws … --profile ${result.profile.target}\n`,
  );
  return 0;
}
