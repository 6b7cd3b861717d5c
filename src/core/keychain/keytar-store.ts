import { randomBytes } from 'node:crypto';
import { MfaTrayError } from '../errors';
import type { SecretStore } from './secret-store';

type Keytar = typeof import('keytar');

/**
 * SecretStore over keytar: Keychain on macOS, Credential Vault on Windows, Secret Service (libsecret:
 * GNOME Keyring, KWallet, KeePassXC) on Linux. keytar is loaded on first use so commands that never
 * touch a secret do not pay for the native module.
 */
export class KeytarSecretStore implements SecretStore {
  private keytar: Keytar | undefined;

  constructor(private readonly service: string) {}

  async get(account: string): Promise<string | null> {
    const value = await this.call((k) => k.getPassword(this.service, account));
    if (value === null) await this.assertWritable();
    return value;
  }

  async set(account: string, secret: string): Promise<void> {
    await this.call((k) => k.setPassword(this.service, account, secret));
  }

  async delete(account: string): Promise<boolean> {
    const deleted = await this.call((k) => k.deletePassword(this.service, account));
    if (!deleted) await this.assertWritable();
    return deleted;
  }

  /**
   * libsecret answers a lookup or a delete in a locked collection exactly like "no such item" (null /
   * false), so "not found" cannot be trusted on Linux until a write shows the collection is open: writing
   * a throwaway item fails with "locked collection" (or shows the desktop's unlock prompt) when it is not.
   * macOS and Windows report a locked keychain as an error themselves.
   */
  private async assertWritable(): Promise<void> {
    if (process.platform !== 'linux') return;
    // One account per call: concurrent processes must not delete each other's probe mid-write.
    const account = `${UNLOCK_PROBE_ACCOUNT}/${process.pid}-${randomBytes(4).toString('hex')}`;
    await this.call(async (k) => {
      await k.setPassword(this.service, account, 'probe');
      await k.deletePassword(this.service, account);
    });
  }

  private async call<T>(op: (k: Keytar) => Promise<T>): Promise<T> {
    try {
      return await op(this.load());
    } catch (error) {
      throw translateKeychainError(error);
    }
  }

  private load(): Keytar {
    if (!this.keytar) {
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        this.keytar = require('keytar') as Keytar;
      } catch (error) {
        throw new MfaTrayError(
          'keychain-unavailable',
          'The OS keychain library could not be loaded.',
          {
            hint:
              process.platform === 'linux'
                ? 'Install libsecret (Debian/Ubuntu: sudo apt-get install libsecret-1-0) and reinstall mfa-tray.'
                : 'Reinstall mfa-tray.',
          },
          { cause: error },
        );
      }
    }
    return this.keytar;
  }
}

/** The account written and deleted again to tell "not found" from "locked" (see assertWritable). */
const UNLOCK_PROBE_ACCOUNT = '.mfa-tray-unlock-probe';

const LINUX_HINT =
  'Start and unlock a Secret Service keyring (GNOME Keyring, KWallet or KeePassXC with Secret Service enabled) in your desktop session, then try again.';

export function translateKeychainError(error: unknown): MfaTrayError {
  if (error instanceof MfaTrayError) return error;
  const text = error instanceof Error ? error.message : String(error);
  if (/locked|unlock|prompt|dismiss|cancel/i.test(text)) {
    return new MfaTrayError(
      'keychain-locked',
      'The OS keychain is locked.',
      {
        hint:
          process.platform === 'linux'
            ? 'Unlock your login keyring (log in to the desktop, or open "Passwords and Keys") and try again.'
            : 'Unlock your keychain and try again.',
      },
      { cause: error },
    );
  }
  return new MfaTrayError(
    'keychain-unavailable',
    `The OS keychain is not available (${firstLine(text)}).`,
    {
      hint:
        process.platform === 'linux' ? LINUX_HINT : 'Check that your OS keychain is working and try again.',
    },
    { cause: error },
  );
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0]?.trim() || 'unknown error';
}
