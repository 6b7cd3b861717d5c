/**
 * The fast path behind the AWS CLI's `credential_process`: runs on every AWS CLI call, so it loads no AWS
 * SDK and nothing else it does not need — the keychain, and the profile list only to word an error.
 */
import { openOsKeychain } from '../core/keychain';
import {
  isSessionCredentials,
  readJsonSecret,
  secretAccounts,
  type SessionCredentials,
} from '../core/keychain/secret-store';
import { MIN_SESSION_VALIDITY_MS } from '../core/rules/session-rules';

export function credentialProcessJson(session: SessionCredentials): string {
  return JSON.stringify({
    Version: 1,
    AccessKeyId: session.accessKeyId,
    SecretAccessKey: session.secretAccessKey,
    SessionToken: session.sessionToken,
    Expiration: session.expiration,
  });
}

export async function readValidSession(
  name: string,
  env: NodeJS.ProcessEnv,
  nowMs: number,
): Promise<SessionCredentials | undefined> {
  const session = await readJsonSecret(
    openOsKeychain(env),
    secretAccounts.session(name),
    isSessionCredentials,
  );
  if (!session) return undefined;
  return Date.parse(session.expiration) - nowMs > MIN_SESSION_VALIDITY_MS ? session : undefined;
}
