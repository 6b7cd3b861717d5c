/**
 * `mfa-tray soracom mfa enable|verify|status NAME`: MFA set-up of a logged-in SORACOM root account or SAM
 * user, with the QR code on the terminal or in a new file, and optionally the built-in authenticator.
 */
import { accountsOf, str, type Parsed, type SoracomCommandContext } from './soracom-commands';
import { createQrFile, qrOutputOf, writeQrFile } from './qr-file';

export async function mfaEnable(
  { values, positionals }: Parsed,
  ctx: SoracomCommandContext,
): Promise<number> {
  const name = positionals[0];
  const qr = str(values.qr);
  const qrKind = qrOutputOf(qr, ctx.UsageError);
  const keepSeed = values['keep-seed'] === true;
  const interactive = process.stdin.isTTY === true;
  const accounts = await accountsOf(await ctx.openCore());
  const profile = accounts.profile(name);
  if (profile.authMode === 'authkey')
    throw new ctx.UsageError(`"${name}" signs in with an AuthKey: MFA does not apply to it.`);
  // The QR file is created (exclusively, 0600) before MFA is enabled: a name that is taken changes nothing.
  const qrFile =
    qrKind === 'png' || qrKind === 'svg'
      ? await createQrFile(qr!, 'the QR code (it holds the MFA secret)')
      : undefined;
  let setup;
  try {
    setup = await accounts.mfaEnable(name);
  } catch (error) {
    await qrFile?.discard();
    throw error;
  }
  const { qrTerminal, formatSeedForTyping } = await import('../core/otpauth.js');
  if (qrFile && (qrKind === 'png' || qrKind === 'svg')) {
    await writeQrFile(qrFile, qrKind, setup.totpUri);
    process.stdout.write(
      `Wrote the QR code to ${qr} (readable only by you). It holds the MFA secret: delete it after scanning.\n`,
    );
  } else if (qrKind === 'terminal' || process.stdout.isTTY) {
    process.stdout.write(await qrTerminal(setup.totpUri));
    if (process.stdout.isTTY)
      process.stdout.write(`Or type this key into the app: ${formatSeedForTyping(setup.secret)}\n`);
  }
  if (keepSeed) {
    const { SORACOM_BUILT_IN_AUTHENTICATOR_WARNING } = await import('../core/soracom/soracom-accounts.js');
    process.stderr.write(`Warning: ${SORACOM_BUILT_IN_AUTHENTICATOR_WARNING}\n`);
  }

  let code = str(values.code);
  if (code === undefined && keepSeed) {
    // The seed is here: the built-in authenticator confirms the set-up itself.
    await accounts.setBuiltInAuthenticator(name, setup.secret);
    code = await accounts.handOutCode(name, { from: 'authenticator' });
    const result = await accounts.mfaVerify(name, code);
    printVerified(name, result.backupCodes, result.status, true);
    return 0;
  }
  if (code === undefined && interactive) {
    const { promptLine } = await import('./prompt.js');
    code = await promptLine('Scan the QR code, then type the code your app shows: ');
  }
  if (code === undefined) {
    process.stdout.write(
      `MFA for "${name}" is set up but not confirmed yet (UNCONFIRMED). Scan the QR code, then run: ` +
        `mfa-tray soracom mfa verify ${name} --code CODE\n`,
    );
    return 0;
  }
  const result = await accounts.mfaVerify(name, code, keepSeed ? { keepSeed: setup.secret } : {});
  printVerified(name, result.backupCodes, result.status, result.builtInAuthenticator);
  return 0;
}

export async function mfaVerify(
  { values, positionals }: Parsed,
  ctx: SoracomCommandContext,
): Promise<number> {
  const code = str(values.code);
  if (code === undefined) throw new ctx.UsageError('--code is required.');
  const accounts = await accountsOf(await ctx.openCore());
  const result = await accounts.mfaVerify(positionals[0], code);
  printVerified(positionals[0], result.backupCodes, result.status, false);
  return 0;
}

export async function mfaStatus(
  { values, positionals }: Parsed,
  ctx: SoracomCommandContext,
): Promise<number> {
  const accounts = await accountsOf(await ctx.openCore());
  const name = positionals[0];
  const status = await accounts.mfaStatus(name);
  const builtIn = await accounts.hasBuiltInAuthenticator(name);
  if (values.json) {
    process.stdout.write(JSON.stringify({ name, status, builtInAuthenticator: builtIn }) + '\n');
  } else {
    process.stdout.write(`MFA for "${name}": ${status}${builtIn ? ' (built-in authenticator on)' : ''}\n`);
  }
  return 0;
}

function printVerified(name: string, backupCodes: string[], status: string, builtIn: boolean): void {
  process.stdout.write(`MFA for "${name}" is ${status}.\n`);
  if (backupCodes.length > 0) {
    process.stdout.write(
      'Backup codes — shown only now; keep them somewhere safe (each signs in once without your phone):\n' +
        backupCodes.map((c) => `  ${c}\n`).join(''),
    );
  }
  process.stdout.write(
    builtIn
      ? `The built-in authenticator is on for "${name}": logins and soracom-cli get codes without typing.\n`
      : `Next logins need a code: mfa-tray login ${name}\n`,
  );
}
