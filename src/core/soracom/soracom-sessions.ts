/**
 * SORACOM sessions: /auth with the stored secret (and a code), the API key + token kept in the keychain
 * with their expiry, logout, and the session other work uses (a Funnel rotation, MFA set-up). Also the auth
 * fields soracom-cli's profileCommand gets, from the same stored secret.
 */
import { MfaTrayError } from '../errors';
import { readJsonSecret, secretAccounts } from '../keychain/secret-store';
import type { SoracomProfile } from '../profiles';
import type { LoginResult } from '../mfa-tray-core';
import { checkCode } from '../rules/code-rules';
import type { SoracomApiClient, SoracomApiCredentials } from './api-client';
import { soracomLogin, soracomLogout, type SoracomLoginSecret } from './auth';
import type { SoracomAccountContext } from './soracom-account-context';
import { codeReusedError, type SoracomCodes } from './soracom-codes';

/** What the keychain keeps of a SORACOM login. */
export interface StoredSoracomSession {
  apiKey: string;
  token: string;
  operatorId: string;
  userName?: string;
  /** ISO 8601: issue time + tokenTimeoutSeconds. */
  expiresAt: string;
}

/** The JSON soracom-cli reads from profileCommand's stdout; its fields replace the file's auth fields. */
export type SoracomCliAuthFields =
  | { email: string; password: string; mfaOTPCode?: string }
  | { operatorId: string; username: string; password: string; mfaOTPCode?: string }
  | { authKeyId: string; authKey: string };

export class SoracomSessions {
  constructor(
    private readonly ctx: SoracomAccountContext,
    private readonly codes: SoracomCodes,
  ) {}

  /**
   * /auth with the stored secret and `code` (not for an AuthKey), keeping the API key + token in the
   * keychain with their expiry. A code that was already used or handed out is refused before SORACOM sees it.
   */
  async login(
    profile: SoracomProfile,
    code: string | undefined,
    options: { handedOut?: boolean } = {},
  ): Promise<LoginResult> {
    let mfaCode: string | undefined;
    if (profile.authMode !== 'authkey' && code !== undefined) {
      mfaCode = checkCode(code);
      // A code from handOutCode is recorded already; any other recent one SORACOM would refuse.
      if (!options.handedOut && this.codes.wasRecent(profile, mfaCode, this.ctx.clock.now()))
        throw codeReusedError(this.ctx.clock.now());
    }
    const secret = await this.loginSecret(profile);
    const client = this.ctx.client(profile);
    let session;
    try {
      session = await soracomLogin(client, secret, {
        ...(mfaCode !== undefined ? { mfaCode } : {}),
        tokenTimeoutSeconds: profile.tokenTimeoutSeconds,
        now: () => this.ctx.clock.now(),
      });
    } finally {
      // Tried is spent: SORACOM may have seen it even when the answer was lost.
      if (mfaCode !== undefined) await this.codes.remember(profile.name, mfaCode);
    }
    const expiresAt = new Date(session.expiresAt).toISOString();
    const stored: StoredSoracomSession = {
      apiKey: session.apiKey,
      token: session.token,
      operatorId: session.operatorId,
      ...(session.userName !== undefined ? { userName: session.userName } : {}),
      expiresAt,
    };
    await this.ctx.secrets.set(secretAccounts.session(profile.name), JSON.stringify(stored));
    await this.ctx.profiles.updateOfKind(profile.name, 'soracom', (p) => {
      p.sessionExpiresAt = expiresAt;
      // A root account's operator id is only known once it has logged in.
      p.operatorId ??= session.operatorId;
      if (p.authMode !== 'authkey' && mfaCode === undefined) p.noMfa = true;
      else delete p.noMfa;
    });
    return { profile: this.ctx.statusOf(profile.name), expiresAt, warnings: [] };
  }

  /**
   * Logs in with a code from the built-in authenticator (no typing: the tray may refresh by itself), one
   * SORACOM has not seen from us.
   */
  async loginWithBuiltInAuthenticator(name: string): Promise<LoginResult> {
    const code = await this.codes.handOutCode(name, { from: 'authenticator' });
    return this.login(this.ctx.profile(name), code, { handedOut: true });
  }

  /** Ends the token at SORACOM (an expired one counts as ended) and forgets it. */
  async logout(profile: SoracomProfile): Promise<void> {
    await this.endSession(profile);
  }

  /** Logs out (best effort at SORACOM) and forgets the token; whether SORACOM was reached. */
  async endSession(profile: SoracomProfile): Promise<boolean> {
    const session = await this.storedSession(profile.name);
    let reached = false;
    if (session) {
      try {
        await soracomLogout(this.ctx.client(profile), session);
        reached = true;
      } finally {
        await this.forgetSession(profile.name);
      }
    } else {
      await this.forgetSession(profile.name);
    }
    return reached;
  }

  async forgetSession(name: string): Promise<void> {
    await this.ctx.secrets.delete(secretAccounts.session(name));
    await this.ctx.profiles.updateOfKind(name, 'soracom', (p) => {
      delete p.sessionExpiresAt;
    });
  }

  async storedSession(name: string): Promise<StoredSoracomSession | undefined> {
    return readJsonSecret(this.ctx.secrets, secretAccounts.session(name), isStoredSession);
  }

  /**
   * An API client and the API key + token of a logged-in profile whose token lives at least
   * `minValidityMs` more (for work that must not lose its token half-way, like a Funnel rotation).
   */
  async apiSession(
    name: string,
    minValidityMs = 0,
  ): Promise<{ client: SoracomApiClient; credentials: SoracomApiCredentials }> {
    const profile = this.ctx.profiles.getOfKind(name, 'soracom');
    const stored = await this.validSession(name, minValidityMs);
    return { client: this.ctx.client(profile), credentials: { apiKey: stored.apiKey, token: stored.token } };
  }

  /** The session when its token lives at least `minValidityMs` more, else 'no-session' saying to log in. */
  async validSession(name: string, minValidityMs = 0): Promise<StoredSoracomSession> {
    const stored = await this.storedSession(name);
    if (stored && Date.parse(stored.expiresAt) - minValidityMs > this.ctx.clock.now()) return stored;
    throw new MfaTrayError(
      'no-session',
      !stored
        ? `"${name}" has no SORACOM session.`
        : minValidityMs > 0
          ? `The SORACOM session of "${name}" has expired (or ends within minutes).`
          : `The SORACOM session of "${name}" has expired.`,
      { hint: `Log in first: \`mfa-tray login ${name}\`.` },
    );
  }

  /** A call with the stored token: a 401 means it expired or was revoked, so it is forgotten. */
  async withSession<T>(name: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof MfaTrayError && error.kind === 'no-session') await this.forgetSession(name);
      throw error;
    }
  }

  /** The auth fields soracom-cli sends to /auth: the stored secret, and `mfaOTPCode` when given. */
  async cliAuthFields(
    profile: SoracomProfile,
    mfaOTPCode: string | undefined,
  ): Promise<SoracomCliAuthFields> {
    const secret = await this.loginSecret(profile);
    const code = mfaOTPCode !== undefined ? { mfaOTPCode } : {};
    switch (secret.kind) {
      case 'root':
        return { email: secret.email, password: secret.password, ...code };
      case 'sam':
        return {
          operatorId: secret.operatorId,
          username: secret.userName,
          password: secret.password,
          ...code,
        };
      case 'authkey':
        return { authKeyId: secret.authKeyId, authKey: secret.authKey };
    }
  }

  async loginSecret(profile: SoracomProfile): Promise<SoracomLoginSecret> {
    const secret = await this.ctx.secrets.get(secretAccounts.soracomSecret(profile.name));
    if (secret === null) {
      throw new MfaTrayError(
        'invalid-base-key',
        `The keychain holds no SORACOM password for "${profile.name}".`,
        {
          hint: `Add it again with \`mfa-tray profile remove ${profile.name}\` then \`mfa-tray soracom add ${profile.name} …\`.`,
        },
      );
    }
    switch (profile.authMode) {
      case 'root':
        return { kind: 'root', email: profile.email ?? '', password: secret };
      case 'sam':
        return {
          kind: 'sam',
          operatorId: profile.operatorId ?? '',
          userName: profile.userName ?? '',
          password: secret,
        };
      case 'authkey':
        return { kind: 'authkey', authKeyId: profile.authKeyId ?? '', authKey: secret };
    }
  }
}

function isStoredSession(v: unknown): v is StoredSoracomSession {
  const o = v as Partial<StoredSoracomSession> | null;
  return (
    typeof o?.apiKey === 'string' &&
    typeof o.token === 'string' &&
    typeof o.operatorId === 'string' &&
    typeof o.expiresAt === 'string'
  );
}
