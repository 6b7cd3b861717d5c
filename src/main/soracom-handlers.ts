/** The SORACOM account channels: validated arguments in (src/main/channels.ts), a plain value out. */
import { soracomAccountsOf } from '../core/open';
import { renderQr } from '../core/otpauth';
import type { ProfileDto } from '../shared/ipc-contract';
import type { ChannelHandlers } from './dispatch';
import type { HandlerHost } from './request-handlers';

/** The prompt coordinator's name for a SORACOM login that needs no code (an AuthKey, an account without MFA). */
const SORACOM_NO_CODE_ATTEMPT = 'soracom-without-code';

export function soracomHandlers(
  host: HandlerHost,
): Pick<
  ChannelHandlers,
  | 'soracom:add'
  | 'soracom:update'
  | 'soracom:login'
  | 'soracom:mfa-enable'
  | 'soracom:mfa-verify'
  | 'soracom:mfa-status'
> {
  const soracom = () => soracomAccountsOf(host.core);
  const current = (name: string, fallback: ProfileDto) =>
    host.refresh().find((p) => p.name === name) ?? fallback;
  return {
    'soracom:add': async (request) => {
      const result = await soracom().add(request);
      await host.builtIn.check(request.name);
      return { profile: current(request.name, result.profile), notes: [] };
    },
    'soracom:update': async (request) => {
      const result = await soracom().update(request);
      return { profile: current(request.name, result.profile), notes: [] };
    },
    'soracom:login': async (name) => {
      const accounts = soracom();
      const profile = accounts.profile(name);
      // Through the coordinator: an open prompt for this profile closes with the new session.
      const result = await host.prompts.submitWith(name, SORACOM_NO_CODE_ATTEMPT, () =>
        accounts.login(profile, undefined),
      );
      return {
        profile: current(name, result.profile),
        expiresAt: result.expiresAt,
        warnings: result.warnings,
      };
    },
    'soracom:mfa-enable': async (name) => {
      const setup = await soracom().mfaEnable(name);
      const qr = await renderQr(setup.totpUri);
      return {
        qrPngDataUrl: qr.pngDataUrl,
        seedBase32: setup.secret,
        account: setup.account,
        issuer: setup.issuer ?? null,
      };
    },
    'soracom:mfa-verify': async ({ name, code }) => {
      const result = await soracom().mfaVerify(name, code);
      return {
        backupCodes: result.backupCodes,
        status: result.status,
        profile: current(name, soracom().statusOf(name)),
      };
    },
    'soracom:mfa-status': (name) => soracom().mfaStatus(name),
  };
}
