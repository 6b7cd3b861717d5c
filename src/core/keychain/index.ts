import { isDefaultHome, mfaTrayHome } from '../paths';
import { KeytarSecretStore } from './keytar-store';
import type { SecretStore } from './secret-store';

export * from './secret-store';

/**
 * The keychain service name. A non-default MFA_TRAY_HOME is a separate installation (tests, a second
 * identity), so its secrets get their own namespace and never mix with the default one's.
 */
export function keychainServiceName(env: NodeJS.ProcessEnv = process.env): string {
  if (env.MFA_TRAY_KEYCHAIN_SERVICE) return env.MFA_TRAY_KEYCHAIN_SERVICE;
  return isDefaultHome(env) ? 'mfa-tray' : `mfa-tray (${mfaTrayHome(env)})`;
}

export function openOsKeychain(env: NodeJS.ProcessEnv = process.env): SecretStore {
  return new KeytarSecretStore(keychainServiceName(env));
}
