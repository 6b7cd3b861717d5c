import type { SecretStore } from '../../../src/core/keychain/secret-store';

/** The OS keychain as a map, for tests below the real keychain (test/integration uses the real one). */
export class MemorySecretStore implements SecretStore {
  /** account → secret: what the keychain holds. */
  readonly entries = new Map<string, string>();
  /** When set, the next get() rejects with it (a locked or failing keychain), once. */
  failNextGet: Error | undefined;

  get(account: string): Promise<string | null> {
    if (this.failNextGet) {
      const error = this.failNextGet;
      this.failNextGet = undefined;
      return Promise.reject(error);
    }
    return Promise.resolve(this.entries.get(account) ?? null);
  }

  set(account: string, secret: string): Promise<void> {
    this.entries.set(account, secret);
    return Promise.resolve();
  }

  delete(account: string): Promise<boolean> {
    return Promise.resolve(this.entries.delete(account));
  }
}
