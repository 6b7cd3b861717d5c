/**
 * MFA set-up for a logged-in root account or SAM user: a new seed (status UNCONFIRMED), the first code
 * that confirms it, the status; optionally keeping the seed as the built-in authenticator (SoracomCodes).
 */
import { MfaTrayError } from '../errors';
import { normaliseSeed } from '../otpauth';
import type { SoracomProfile } from '../profiles';
import { normaliseCode } from '../totp';
import {
  enableSoracomMfa,
  getSoracomMfaStatus,
  mfaTargetOf,
  verifySoracomMfa,
  type SoracomMfaStatus,
} from './mfa';
import type { SoracomAccountContext } from './soracom-account-context';
import type { SoracomCodes } from './soracom-codes';
import type { SoracomSessions } from './soracom-sessions';

export interface SoracomMfaSetup {
  /** otpauth:// URI with the new seed: for the QR code only, never stored (unless kept on purpose). */
  totpUri: string;
  secret: string;
  issuer: string | undefined;
  account: string;
}

export interface SoracomMfaVerifyResult {
  /** Root accounts get backup codes (show them once); SAM users none. */
  backupCodes: string[];
  status: SoracomMfaStatus;
  builtInAuthenticator: boolean;
}

export class SoracomAccountMfa {
  constructor(
    private readonly ctx: SoracomAccountContext,
    private readonly sessions: SoracomSessions,
    private readonly codes: SoracomCodes,
  ) {}

  /** Starts MFA set-up for the logged-in root account or SAM user: a new seed, status UNCONFIRMED. */
  async mfaEnable(name: string): Promise<SoracomMfaSetup> {
    const profile = this.assertMfaCapable(this.ctx.profile(name));
    const session = await this.sessions.validSession(name);
    const result = await this.sessions.withSession(name, () =>
      enableSoracomMfa(this.ctx.client(profile), session, mfaTargetOf(session)),
    );
    return { totpUri: result.totpUri, secret: result.secret, issuer: result.issuer, account: result.account };
  }

  /**
   * Completes the set-up with a first code. `keepSeed` (the set-up's secret) turns the built-in
   * authenticator on: the seed goes to the keychain (explicit opt-in).
   */
  async mfaVerify(
    name: string,
    code: string,
    options: { keepSeed?: string } = {},
  ): Promise<SoracomMfaVerifyResult> {
    const profile = this.assertMfaCapable(this.ctx.profile(name));
    const session = await this.sessions.validSession(name);
    const normalised = normaliseCode(code);
    if (!normalised) throw new MfaTrayError('invalid-input', 'An MFA code is 6 digits.', { field: 'code' });
    const seed = options.keepSeed !== undefined ? normaliseSeed(options.keepSeed) : undefined;
    if (options.keepSeed !== undefined && !seed) {
      throw new MfaTrayError('invalid-input', 'That is not a base32 MFA secret.', { field: 'seed' });
    }
    const target = mfaTargetOf(session);
    const client = this.ctx.client(profile);
    const { backupCodes } = await this.sessions.withSession(name, () =>
      verifySoracomMfa(client, session, target, normalised),
    );
    await this.codes.remember(name, normalised);
    await this.ctx.profiles.updateOfKind(name, 'soracom', (p) => {
      delete p.noMfa;
    });
    if (seed) await this.codes.setBuiltInAuthenticator(name, seed);
    const status = await this.sessions.withSession(name, () => getSoracomMfaStatus(client, session, target));
    return { backupCodes, status, builtInAuthenticator: seed !== undefined };
  }

  async mfaStatus(name: string): Promise<SoracomMfaStatus> {
    const profile = this.assertMfaCapable(this.ctx.profile(name));
    const session = await this.sessions.validSession(name);
    return this.sessions.withSession(name, () =>
      getSoracomMfaStatus(this.ctx.client(profile), session, mfaTargetOf(session)),
    );
  }

  private assertMfaCapable(profile: SoracomProfile): SoracomProfile {
    if (profile.authMode === 'authkey') {
      throw new MfaTrayError(
        'invalid-input',
        `"${profile.name}" signs in with an AuthKey: MFA does not apply to it.`,
        {
          field: 'authMode',
        },
      );
    }
    return profile;
  }
}
