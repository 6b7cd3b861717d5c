/**
 * `mfa-tray mfa …`: set up, resync, list and remove the virtual MFA devices of a profile's IAM user. A thin
 * layer over MfaDeviceService (src/core/mfa-devices.ts), which the tray's setup screen uses too.
 *
 * On a terminal, `create` and `enable` guide the user through the two consecutive codes (with a countdown to
 * the next one) and delete the unfinished device when the user gives up. Without a terminal everything is
 * driven by flags.
 */
import path from 'node:path';
import { setTimeout as sleepFor } from 'node:timers/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { MfaTrayError } from '../core/errors';
import type { EnableResult, MfaDeviceList, MfaDeviceService } from '../core/mfa-devices';
import type { NewPrivateFile } from '../core/new-private-file';
import type { MfaTrayCore } from '../core/service';
import { noteText } from './wording';

export interface MfaCommandContext {
  openCore: () => Promise<MfaTrayCore>;
  UsageError: new (message: string) => Error;
}

/** The terminal, injectable so the guided flows can be tested without one. */
export interface TerminalIo {
  /** stdin and stderr are terminals: prompts are possible. */
  interactive: boolean;
  stdoutIsTty: boolean;
  out(text: string): void;
  err(text: string): void;
  /** One line from the user; rejects with Error('cancelled') on Ctrl-C / end of input. */
  ask(question: string, options?: { hidden?: boolean }): Promise<string>;
  /** Rejects with Error('cancelled') when the user presses Ctrl-C meanwhile. */
  sleep(ms: number): Promise<void>;
  /** From now on Ctrl-C means "give up" (the command cleans up), not "die at once". */
  trapInterrupts(): void;
  /** Whether Ctrl-C was pressed outside a prompt (e.g. while AWS was answering). */
  interrupted(): boolean;
  now(): number;
  readStdin(): Promise<string>;
  close(): void;
}

export const MFA_USAGE = `mfa-tray mfa — virtual MFA devices of a profile's IAM user

Usage:
  mfa-tray mfa create DEVICE_NAME --profile NAME [--path /p/] [--qr FILE.png|FILE.svg|-] [--show-secret]
                      [--built-in-authenticator]
        Creates a virtual MFA device and shows its QR code (on the terminal, or written to FILE, mode 0600:
        delete it after scanning). On a terminal it then asks for two consecutive codes and enables the
        device; giving up (Ctrl-C) deletes it again. Without a terminal the device stays unassigned until
        \`mfa enable\`. The secret is shown as text only with --show-secret.
  mfa-tray mfa enable DEVICE_SERIAL --profile NAME [--code1 C --code2 C] [--built-in-authenticator]
        Enables the device for the IAM user with two consecutive codes; the profile then logs in with it.
  mfa-tray mfa resync [DEVICE_SERIAL] --profile NAME [--code1 C --code2 C]
        Resynchronises a device that has drifted (default: the one the profile logs in with).
  mfa-tray mfa list --profile NAME [--json]
        The IAM user's MFA devices, and the account's unassigned virtual devices ("orphans").
  mfa-tray mfa remove DEVICE_SERIAL --profile NAME [--yes]
        Deactivates and deletes a device (an unassigned one is just deleted). Asks for confirmation on a
        terminal; scripts pass --yes (twice for the device the profile logs in with).
  mfa-tray mfa authenticator status|off|login --profile NAME
        The opt-in built-in authenticator: whether it is on, turn it off (the secret is deleted), or log in
        with a code it computes.

--built-in-authenticator keeps the device's secret in this computer's keychain, so codes are computed here
and login/refresh need no typing. Both factors then live on this computer. Off unless you ask for it.
`;

type Options = NonNullable<ParseArgsConfig['options']>;

export async function mfaCommand(
  args: string[],
  ctx: MfaCommandContext,
  io: TerminalIo = processIo(),
): Promise<number> {
  const [sub, ...rest] = args;
  const parse = (options: Options, positionals: [number, number]) =>
    parseCommand(ctx, rest, options, positionals);
  try {
    switch (sub) {
      case 'create':
        return await create(parse, ctx, io);
      case 'enable':
        return await enable(parse, ctx, io);
      case 'resync':
        return await resync(parse, ctx, io);
      case 'list':
        return await list(parse, ctx, io);
      case 'remove':
        return await remove(parse, ctx, io);
      case 'authenticator':
        return await authenticator(rest, ctx, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(MFA_USAGE);
        return sub === undefined ? 2 : 0;
      default:
        throw new ctx.UsageError(`Unknown mfa command: ${sub}`);
    }
  } finally {
    io.close();
  }
}

type Parse = (
  options: Options,
  positionals: [number, number],
) => { values: Record<string, string | boolean | (string | boolean)[] | undefined>; positionals: string[] };

function parseCommand(
  ctx: MfaCommandContext,
  args: string[],
  options: Options,
  [min, max]: [number, number],
): ReturnType<Parse> {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new ctx.UsageError((error as Error).message);
  }
  if (parsed.positionals.length < min || parsed.positionals.length > max) {
    throw new ctx.UsageError(
      max === 0
        ? `Unexpected argument: ${parsed.positionals[0]}`
        : `Expected ${min === max ? min : `${min} or ${max}`} argument(s).`,
    );
  }
  return { values: parsed.values, positionals: parsed.positionals };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function requireProfile(ctx: MfaCommandContext, values: Record<string, unknown>): string {
  const profile = str(values.profile);
  if (!profile) throw new ctx.UsageError('--profile NAME is required.');
  return profile;
}

async function openService(ctx: MfaCommandContext): Promise<MfaDeviceService> {
  const { MfaDeviceService } = await import('../core/mfa-devices.js');
  return new MfaDeviceService(await ctx.openCore());
}

// ---- create ---------------------------------------------------------------------------------------------

async function create(parse: Parse, ctx: MfaCommandContext, io: TerminalIo): Promise<number> {
  const { values, positionals } = parse(
    {
      profile: { type: 'string' },
      path: { type: 'string' },
      qr: { type: 'string' },
      'show-secret': { type: 'boolean' },
      'built-in-authenticator': { type: 'boolean' },
    },
    [1, 1],
  );
  const profile = requireProfile(ctx, values);
  const qr = str(values.qr);
  const qrKind = qr === undefined ? undefined : qr === '-' ? 'terminal' : qrFileKind(ctx, qr);
  const showSecret = values['show-secret'] === true;
  const builtIn = values['built-in-authenticator'] === true;
  if (!io.interactive && qr === undefined && !showSecret && !builtIn) {
    throw new ctx.UsageError(
      'Not on a terminal: pass --qr FILE.png|FILE.svg|- (or --show-secret) so the new device can reach your authenticator app — its secret is shown only now.',
    );
  }

  const service = await openService(ctx);
  // The QR file is created (exclusively) before the device: a name that is taken costs no device.
  const qrFile = qrKind === 'png' || qrKind === 'svg' ? await createQrFile(qr!) : undefined;
  // Ctrl-C while AWS creates the device must still lead to its deletion.
  if (io.interactive) io.trapInterrupts();
  let created;
  try {
    created = await service.create(profile, positionals[0], { path: str(values.path) });
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
      const { BUILT_IN_AUTHENTICATOR_WARNING } = await import('../core/mfa-devices.js');
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

function qrFileKind(ctx: MfaCommandContext, file: string): 'png' | 'svg' {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.png') return 'png';
  if (ext === '.svg') return 'svg';
  throw new ctx.UsageError('--qr takes a file name ending in .png or .svg, or - for the terminal.');
}

/** A new file of our own for the QR code (it holds the seed): never one that already exists, nor a symlink. */
async function createQrFile(file: string): Promise<NewPrivateFile> {
  const { NewPrivateFile } = await import('../core/new-private-file.js');
  return NewPrivateFile.create(file, "the QR code (it holds the device's secret)");
}

async function writeQrFile(file: NewPrivateFile, kind: 'png' | 'svg', uri: string): Promise<void> {
  const { qrPng, qrSvg } = await import('../core/otpauth.js');
  await file.write(kind === 'png' ? await qrPng(uri) : await qrSvg(uri));
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

// ---- the guided two-code flow ------------------------------------------------------------------------------

const PERIOD_MS = 30_000;

/**
 * Asks for two consecutive codes with a countdown to the second one, submits them, and on
 * invalid-auth-codes explains and starts over. With the seed (right after create) the first code is checked
 * here, so the countdown is exact and a code from the wrong app entry is caught before AWS sees it.
 */
export async function guidedCodes<T>(
  io: TerminalIo,
  options: { seed?: string; submit: (code1: string, code2: string) => Promise<T> },
): Promise<T> {
  const { seed } = options;
  const { generateCode, normaliseCode } = await import('../core/totp.js');
  const { formatSeedForTyping } = await import('../core/otpauth.js');
  const codeAt = (step: number) => generateCode(seed!, step * PERIOD_MS);
  const askCode = async (label: string): Promise<string> => {
    for (;;) {
      const hint = seed ? ' (s: show the key to type in instead, q: give up)' : ' (q: give up)';
      const answer = (await io.ask(`${label}${hint}: `)).trim();
      if (/^(q|quit)$/i.test(answer)) throw new Error('cancelled');
      if (seed && /^s$/i.test(answer)) {
        io.err(
          `Key: ${formatSeedForTyping(seed)}\n  (in the app: add an account → enter a setup key; type: time-based)\n`,
        );
        continue;
      }
      const code = normaliseCode(answer);
      if (code) return code;
      io.err('A code is the 6 digits the app shows.\n');
    }
  };

  for (;;) {
    const code1 = await askCode('First code');
    let nextStart = (Math.floor(io.now() / PERIOD_MS) + 1) * PERIOD_MS;
    let expected2: string | undefined;
    if (seed) {
      const current = Math.floor(io.now() / PERIOD_MS);
      let step: number | undefined;
      for (const s of [
        current,
        current - 1,
        current + 1,
        current - 2,
        current + 2,
        current - 3,
        current + 3,
      ]) {
        if ((await codeAt(s)) === code1) {
          step = s;
          break;
        }
      }
      if (step === undefined) {
        io.err(
          'That code does not belong to the device just created. Check that you scanned the QR code above (a new entry in the app), and that the phone sets its time automatically.\n',
        );
        continue;
      }
      nextStart = (step + 1) * PERIOD_MS;
      expected2 = await codeAt(step + 1);
    }
    await countdown(io, nextStart);
    let code2 = await askCode('Second code (the new one)');
    while (code2 === code1) {
      io.err('That is the same code: wait until the app shows the next one.\n');
      await countdown(io, (Math.floor(io.now() / PERIOD_MS) + 1) * PERIOD_MS);
      code2 = await askCode('Second code (the new one)');
    }
    if (expected2 !== undefined && code2 !== expected2) {
      io.err(
        'That is not the code that came right after the first one. Let us start again with two new codes.\n',
      );
      continue;
    }
    try {
      const result = await options.submit(code1, code2);
      if (io.interrupted()) throw new Error('cancelled');
      return result;
    } catch (error) {
      if (io.interrupted()) throw new Error('cancelled');
      if (!(error instanceof MfaTrayError) || error.kind !== 'invalid-auth-codes') throw error;
      io.err(`${error.toOneLine()}\nLet us try again with two new codes.\n`);
    }
  }
}

async function countdown(io: TerminalIo, until: number): Promise<void> {
  if (io.now() >= until) {
    io.err('The next code is already showing.\n');
    return;
  }
  for (;;) {
    const left = until - io.now();
    if (left <= 0) break;
    io.err(`\rNext code in ${Math.ceil(left / 1000)} s… `);
    await io.sleep(Math.min(1000, left));
  }
  io.err('\rThe app shows a new code now.   \n');
}

// ---- enable / resync ------------------------------------------------------------------------------------

function codesFrom(ctx: MfaCommandContext, values: Record<string, unknown>): [string, string] | undefined {
  const code1 = str(values.code1);
  const code2 = str(values.code2);
  if ((code1 === undefined) !== (code2 === undefined)) {
    throw new ctx.UsageError('Give both --code1 and --code2: two consecutive codes from the app.');
  }
  return code1 !== undefined && code2 !== undefined ? [code1, code2] : undefined;
}

async function enable(parse: Parse, ctx: MfaCommandContext, io: TerminalIo): Promise<number> {
  const { values, positionals } = parse(
    {
      profile: { type: 'string' },
      code1: { type: 'string' },
      code2: { type: 'string' },
      'built-in-authenticator': { type: 'boolean' },
    },
    [1, 1],
  );
  const profile = requireProfile(ctx, values);
  const serial = positionals[0];
  const codes = codesFrom(ctx, values);
  const builtIn = values['built-in-authenticator'] === true;
  if (!codes && !builtIn && !io.interactive) {
    throw new ctx.UsageError(
      'Not on a terminal: pass --code1 and --code2 (two consecutive codes from the app).',
    );
  }
  let seed: string | undefined;
  if (builtIn) {
    const { BUILT_IN_AUTHENTICATOR_WARNING } = await import('../core/mfa-devices.js');
    io.err(`Warning: ${BUILT_IN_AUTHENTICATOR_WARNING}\n`);
    seed = io.interactive
      ? await io.ask('Secret key of the device (the text behind its QR code, not shown): ', { hidden: true })
      : await io.readStdin();
    if (!seed.trim())
      throw new ctx.UsageError('The built-in authenticator needs the device’s secret key (on stdin).');
  }
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

async function resync(parse: Parse, ctx: MfaCommandContext, io: TerminalIo): Promise<number> {
  const { values, positionals } = parse(
    { profile: { type: 'string' }, code1: { type: 'string' }, code2: { type: 'string' } },
    [0, 1],
  );
  const profile = requireProfile(ctx, values);
  const codes = codesFrom(ctx, values);
  if (!codes && !io.interactive) {
    throw new ctx.UsageError(
      'Not on a terminal: pass --code1 and --code2 (two consecutive codes from the app).',
    );
  }
  const service = await openService(ctx);
  const serial = positionals[0];
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

async function list(parse: Parse, ctx: MfaCommandContext, io: TerminalIo): Promise<number> {
  const { values } = parse({ profile: { type: 'string' }, json: { type: 'boolean' } }, [0, 0]);
  const profile = requireProfile(ctx, values);
  const result = await (await openService(ctx)).list(profile);
  if (values.json) {
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

async function remove(parse: Parse, ctx: MfaCommandContext, io: TerminalIo): Promise<number> {
  const { values, positionals } = parse(
    { profile: { type: 'string' }, yes: { type: 'boolean', multiple: true } },
    [1, 1],
  );
  const profile = requireProfile(ctx, values);
  const serial = positionals[0];
  const yes = Array.isArray(values.yes) ? values.yes.filter((v) => v === true).length : 0;
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

async function authenticator(args: string[], ctx: MfaCommandContext, io: TerminalIo): Promise<number> {
  const [action, ...rest] = args;
  const { values } = parseCommand(ctx, rest, { profile: { type: 'string' } }, [0, 0]);
  const profile = requireProfile(ctx, values);
  const service = await openService(ctx);
  switch (action) {
    case 'status': {
      const status = await service.builtInAuthenticator(profile);
      io.out(
        !status.enabled
          ? `The built-in authenticator is off for "${profile}": codes come from your authenticator app.\n`
          : status.matchesLoginDevice
            ? `The built-in authenticator is on for "${profile}" (device ${status.serialNumber}): its secret is in this computer's keychain.\n`
            : `The built-in authenticator holds the secret of ${status.serialNumber}, which "${profile}" no longer logs in with; turn it off.\n`,
      );
      return 0;
    }
    case 'off': {
      const deleted = await service.disableBuiltInAuthenticator(profile);
      io.out(
        deleted
          ? `The built-in authenticator is off for "${profile}": its secret is deleted from the keychain. Log in with codes from your app.\n`
          : `The built-in authenticator was not on for "${profile}".\n`,
      );
      return 0;
    }
    case 'login': {
      const result = await service.loginWithBuiltInAuthenticator(profile);
      for (const w of result.warnings) io.err(`mfa-tray: warning: ${noteText(w)}\n`);
      io.out(
        `Logged in "${profile}" until ${new Date(result.expiresAt).toLocaleString()}. Use: aws … --profile ${result.profile.target}\n`,
      );
      return 0;
    }
    default:
      throw new ctx.UsageError(
        `Unknown authenticator command: ${action ?? '(none)'} (status, off or login).`,
      );
  }
}

// ---- the real terminal ----------------------------------------------------------------------------------

export function processIo(): TerminalIo {
  let interrupted = false;
  let abort = new AbortController();
  let listening = false;
  const onSigint = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    abort.abort();
  };
  const listen = () => {
    if (!listening) {
      process.on('SIGINT', onSigint);
      listening = true;
    }
  };
  return {
    interactive: !!process.stdin.isTTY && !!process.stderr.isTTY,
    stdoutIsTty: !!process.stdout.isTTY,
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    async ask(question, options = {}) {
      // From the first prompt on, Ctrl-C outside a prompt means "give up" (and clean up), not "die".
      listen();
      if (interrupted) throw new Error('cancelled');
      const { promptLine } = await import('./prompt.js');
      return promptLine(question, options);
    },
    async sleep(ms) {
      listen();
      if (interrupted) throw new Error('cancelled');
      try {
        await sleepFor(ms, undefined, { signal: abort.signal });
      } catch {
        abort = new AbortController();
        process.stderr.write('\n');
        throw new Error('cancelled');
      }
    },
    trapInterrupts: listen,
    interrupted: () => interrupted,
    now: () => Date.now(),
    async readStdin() {
      const { readStdin } = await import('./prompt.js');
      return readStdin();
    },
    close() {
      if (listening) process.off('SIGINT', onSigint);
      listening = false;
    },
  };
}
