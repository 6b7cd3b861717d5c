/**
 * The only way the rest of the code reaches the OS keychain. One implementation talks to keytar
 * (keytar-store.ts); tests that do not exercise the keychain itself may pass an in-memory one.
 */
export interface SecretStore {
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  /** Returns whether something was deleted. */
  delete(account: string): Promise<boolean>;
}

/** Long-term IAM user keys: the only thing that can mint sessions, so they never leave the keychain. */
export interface BaseKeys {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface SessionCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** ISO 8601, UTC. */
  expiration: string;
}

/** Keychain account names: one entry per kind of secret per profile. */
export const secretAccounts = {
  base: (profile: string) => `${profile}/base-keys`,
  session: (profile: string) => `${profile}/session`,
  mfaSeed: (profile: string) => `${profile}/mfa-seed`,
  /** SORACOM: the password (root, SAM user) or the AuthKey secret. */
  soracomSecret: (profile: string) => `${profile}/soracom-secret`,
  /** SORACOM: the MFA seed of the opt-in built-in authenticator. */
  soracomMfaSeed: (profile: string) => `${profile}/soracom-mfa-seed`,
};

export async function readJsonSecret<T>(
  store: SecretStore,
  account: string,
  isValid: (v: unknown) => v is T,
): Promise<T | undefined> {
  const raw = await store.get(account);
  if (raw === null) return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    return isValid(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function isBaseKeys(v: unknown): v is BaseKeys {
  const o = v as Partial<BaseKeys> | null;
  return typeof o?.accessKeyId === 'string' && typeof o.secretAccessKey === 'string';
}

export function isSessionCredentials(v: unknown): v is SessionCredentials {
  const o = v as Partial<SessionCredentials> | null;
  return (
    typeof o?.accessKeyId === 'string' &&
    typeof o.secretAccessKey === 'string' &&
    typeof o.sessionToken === 'string' &&
    typeof o.expiration === 'string'
  );
}
