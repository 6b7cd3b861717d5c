/**
 * Proving a new key: sts:GetCallerIdentity signed with it must name the same IAM user. AWS documents no
 * propagation delay (8–15 s is typical), so a refusal that may just be propagation is retried with
 * backoff until the budget is spent; then the rotation rolls back.
 */
import type { BaseKeys } from '../keychain/secret-store';
import { isMfaTrayError } from '../errors';
import type { CallerIdentityCheck } from './key-iam';
import type { FailureFact } from './key-outcomes';

/** Give up (and roll back) after this. */
export const DEFAULT_PROOF_TIMEOUT_MS = 60_000;
const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 8_000;
const TRANSIENT_KINDS: readonly string[] = ['invalid-base-key', 'network', 'throttled', 'server', 'timeout'];

export type KeyProofResult =
  { ok: true; attempts: number } | { ok: false; attempts: number; cause: FailureFact };

export interface KeyProofOptions {
  sts: CallerIdentityCheck;
  sleep: (ms: number) => Promise<void>;
  timeoutMs?: number;
}

export class KeyProof {
  constructor(private readonly o: KeyProofOptions) {}

  async prove(keys: BaseKeys, expectedArn: string, region: string): Promise<KeyProofResult> {
    const timeout = this.o.timeoutMs ?? DEFAULT_PROOF_TIMEOUT_MS;
    const started = Date.now();
    let slept = 0;
    let delay = FIRST_RETRY_MS;
    for (let attempts = 1; ; attempts++) {
      let cause: FailureFact;
      try {
        const identity = await this.o.sts(keys, region);
        if (identity.arn === expectedArn) return { ok: true, attempts };
        return { ok: false, attempts, cause: { kind: 'wrong-identity' } };
      } catch (error) {
        if (!isMfaTrayError(error)) throw error;
        cause = { kind: error.kind, ...(error.details.awsCode ? { awsCode: error.details.awsCode } : {}) };
        if (!TRANSIENT_KINDS.includes(error.kind)) return { ok: false, attempts, cause };
      }
      // Real time (the budget is about AWS propagating the key, not the app's clock), and at least the time
      // slept, so an injected sleep keeps the count of attempts the same.
      if (Math.max(Date.now() - started, slept) + delay > timeout) return { ok: false, attempts, cause };
      await this.o.sleep(delay);
      slept += delay;
      delay = Math.min(Math.round(delay * 1.6), MAX_RETRY_MS);
    }
  }
}
