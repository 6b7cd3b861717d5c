/**
 * The SORACOM side of a Funnel rotation needs a logged-in SORACOM profile: an API client for its endpoint
 * and the API key + token. Logging in is the SORACOM profile kind's business (`mfa-tray login NAME`); the
 * rotation only reads the session it left in the keychain, through this seam.
 */
import { MfaTrayError } from '../errors';
import { secretAccounts, type SecretStore } from '../keychain/secret-store';
import type { ProfileStore } from '../profiles';
import { SoracomApiClient, type SoracomApiCredentials } from '../soracom/api-client';
import { resolveSoracomEndpoint } from '../soracom/endpoint';

export interface SoracomSessionSource {
  session(name: string): Promise<{ client: SoracomApiClient; credentials: SoracomApiCredentials }>;
}

/** A session shorter-lived than this could expire in the middle of a rotation. */
const MIN_VALIDITY_MS = 5 * 60_000;

/**
 * Reads the session the SORACOM profile kind stores under secretAccounts.session(NAME) as JSON
 * {apiKey, token, operatorId, userName?, expiresAt} (expiresAt: epoch ms or ISO 8601).
 */
export class KeychainSoracomSessions implements SoracomSessionSource {
  constructor(
    private readonly o: {
      profiles: ProfileStore;
      secrets: SecretStore;
      now: () => number;
      env: NodeJS.ProcessEnv;
    },
  ) {}

  async session(name: string): Promise<{ client: SoracomApiClient; credentials: SoracomApiCredentials }> {
    const profile = this.o.profiles.getOfKind(name, 'soracom');
    const raw = await this.o.secrets.get(secretAccounts.session(name));
    const stored = parse(raw);
    const expiresAt =
      typeof stored?.expiresAt === 'number'
        ? stored.expiresAt
        : typeof stored?.expiresAt === 'string'
          ? Date.parse(stored.expiresAt)
          : NaN;
    if (!stored || !(expiresAt - MIN_VALIDITY_MS > this.o.now())) {
      throw new MfaTrayError(
        'no-session',
        stored
          ? `The SORACOM session of "${name}" has expired (or ends within minutes).`
          : `"${name}" has no SORACOM session.`,
        { hint: `Log in first: \`mfa-tray login ${name}\`.` },
      );
    }
    const endpoint = resolveSoracomEndpoint(
      { endpoint: profile.endpoint, coverageType: profile.coverage },
      { env: this.o.env },
    );
    return {
      client: new SoracomApiClient({ endpoint }),
      credentials: { apiKey: stored.apiKey, token: stored.token },
    };
  }
}

interface StoredSession {
  apiKey: string;
  token: string;
  expiresAt: unknown;
}

function parse(raw: string | null): StoredSession | undefined {
  if (raw === null) return undefined;
  try {
    const v = JSON.parse(raw) as Partial<StoredSession> | null;
    return v && typeof v.apiKey === 'string' && typeof v.token === 'string'
      ? (v as StoredSession)
      : undefined;
  } catch {
    return undefined;
  }
}
