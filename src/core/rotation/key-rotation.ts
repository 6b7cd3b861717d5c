/**
 * Rotating a profile's base key (the order and why: key-steps.ts). This is the entry point the CLI and the
 * tray call: status, rotate (or continue the rotation a killed run left) and finish.
 *
 * The parts: the step machine (key-steps.ts), proving the new key while it propagates (key-proof.ts),
 * finish (key-finish.ts), the keychain/profile/IAM side of a run (key-access.ts), the outcomes
 * (key-outcomes.ts), and the record bookkeeping shared with the Funnel rotation (rotation-ledger.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import type { SecretStore } from '../keychain/secret-store';
import type { Profile, ProfileStore } from '../profiles';
import { KeyAccess, userNameOf } from './key-access';
import { KeyFinish } from './key-finish';
import type { CallerIdentityCheck, KeyIamFactory } from './key-iam';
import {
  assertGraceDays,
  DEFAULT_GRACE_DAYS,
  finishDueAt,
  knownKeyAge,
  type FinishOutcome,
  type KeyFact,
  type RotateOutcome,
  type RotationCheckpoint,
  type RotationStatus,
} from './key-outcomes';
import { KeyProof } from './key-proof';
import { KeySteps, type KeyLedger } from './key-steps';
import { RotationLedger } from './rotation-ledger';
import {
  AWAITING_FINISH_STEPS,
  currentOwner,
  type AccessKeyRotationRecord,
  type KeyAge,
  type RotationStore,
} from './rotation-store';
import type { SessionSource } from './run-session';

export * from './key-outcomes';
export { previousBaseAccount, userNameOf } from './key-access';
export { DEFAULT_PROOF_TIMEOUT_MS } from './key-proof';
export { runSession, type SessionSource } from './run-session';

export interface KeyRotationOptions {
  profiles: ProfileStore;
  secrets: SecretStore;
  rotations: RotationStore;
  /** The profile's cached MFA session, and login with a code (MfaTrayCore does both). */
  sessions: SessionSource;
  clock: Clock;
  iam: KeyIamFactory;
  sts: CallerIdentityCheck;
  sleep: (ms: number) => Promise<void>;
  /** Asked once per run when there is no valid session and the profile has an MFA device. */
  codeProvider?: (profile: Profile) => Promise<string>;
  onProgress?: (point: RotationCheckpoint, record: AccessKeyRotationRecord) => Promise<void> | void;
  proofTimeoutMs?: number;
}

export class KeyRotation {
  private readonly ledger: KeyLedger;
  private readonly access: KeyAccess;
  private readonly steps: KeySteps;
  private readonly finisher: KeyFinish;

  constructor(private readonly o: KeyRotationOptions) {
    this.ledger = new RotationLedger({
      kind: 'access-key',
      rotations: o.rotations,
      clock: o.clock,
      ...(o.onProgress ? { onProgress: o.onProgress } : {}),
    });
    this.access = new KeyAccess({
      profiles: o.profiles,
      secrets: o.secrets,
      rotations: o.rotations,
      sessions: o.sessions,
      iam: o.iam,
      sts: o.sts,
      ...(o.codeProvider ? { codeProvider: o.codeProvider } : {}),
    });
    const proof = new KeyProof({
      sts: o.sts,
      sleep: o.sleep,
      ...(o.proofTimeoutMs !== undefined ? { timeoutMs: o.proofTimeoutMs } : {}),
    });
    this.steps = new KeySteps({
      ledger: this.ledger,
      access: this.access,
      proof,
      profiles: o.profiles,
      sessions: o.sessions,
    });
    this.finisher = new KeyFinish({
      ledger: this.ledger,
      access: this.access,
      profiles: o.profiles,
      rotations: o.rotations,
      clock: o.clock,
    });
  }

  // ---- status ---------------------------------------------------------------------------------------------

  status(name: string): RotationStatus {
    const profile = this.o.profiles.get(name);
    const records = this.o.rotations.accessKeyRotations(name);
    const rotation = records[records.length - 1] ?? null;
    const known = knownKeyAge(this.o.rotations.keyAge(name), profile.accessKeyIdSuffix, this.o.clock.now());
    return {
      profile: name,
      accessKeyIdSuffix: profile.accessKeyIdSuffix ?? null,
      keyCreatedAt: known?.createdAt ?? null,
      keyAgeDays: known?.days ?? null,
      rotation,
      finishDueAt: rotation && AWAITING_FINISH_STEPS.includes(rotation.step) ? finishDueAt(rotation) : null,
    };
  }

  /**
   * Records the base key's CreateDate with the profile's cached MFA session (after a login): one
   * GetCallerIdentity and one ListAccessKeys, no code asked, no fallback to the base keys. Returns the
   * age recorded, or undefined when there is no session or IAM did not list the key.
   */
  async refreshKeyAge(name: string): Promise<KeyAge | undefined> {
    const profile = this.o.profiles.get(name);
    const session = await this.o.sessions.cachedSession(name);
    if (!session) return undefined;
    const base = await this.access.keychainBase(name);
    const identity = await this.o.sts(session, profile.region);
    const userName = userNameOf(identity.arn);
    if (!userName) return undefined;
    const keys = await this.o.iam(session, profile.region).listAccessKeys(userName);
    const key = keys.find((k) => k.accessKeyId === base.accessKeyId);
    if (!key?.createDate) return undefined;
    await this.access.recordKeyAge(name, key);
    return { accessKeyId: key.accessKeyId, createdAt: key.createDate };
  }

  // ---- rotate ---------------------------------------------------------------------------------------------

  /**
   * Rotates the profile's base key, or continues (completes or rolls back) the rotation a killed run left.
   * `removeUnusedKeyId` is the caller's confirmation to delete that second key first.
   */
  async rotate(
    name: string,
    options: { removeUnusedKeyId?: string; graceDays?: number } = {},
  ): Promise<RotateOutcome> {
    const graceDays = options.graceDays ?? DEFAULT_GRACE_DAYS;
    assertGraceDays(graceDays);
    const profile = this.o.profiles.get(name);
    const open = this.o.rotations.openAccessKeyRotation(name);
    if (open && AWAITING_FINISH_STEPS.includes(open.step)) {
      return { outcome: 'awaiting-finish', record: open, finishDueAt: finishDueAt(open)! };
    }
    if (open) {
      const claimed = await this.ledger.claim(open);
      if (!claimed) return { outcome: 'busy', record: open };
      return this.steps.resume(claimed);
    }

    const oldKeys = await this.access.keychainBase(name);
    const run = await this.access.openRun(profile, oldKeys);
    const identity = await this.access.identity(run);
    const userName = userNameOf(identity.arn);
    const keys = await this.access.iamCall(
      run,
      'iam:ListAccessKeys',
      identity.arn,
      'list your access keys',
      (iam) => iam.listAccessKeys(userName),
    );
    const old = keys.find((k) => k.accessKeyId === oldKeys.accessKeyId);
    if (!old) {
      return {
        outcome: 'key-not-listed',
        accessKeyIdSuffix: oldKeys.accessKeyId.slice(-4),
        listed: keys.map((k) => k.accessKeyId),
      };
    }
    await this.access.recordKeyAge(name, old);
    const second = keys.find((k) => k.accessKeyId !== old.accessKeyId);
    let secondFact: KeyFact | undefined;
    if (second) {
      const lastUsed = await this.access.iamCall(
        run,
        'iam:GetAccessKeyLastUsed',
        identity.arn,
        'look up when your second access key was used',
        (iam) => iam.getAccessKeyLastUsed(second.accessKeyId),
      );
      secondFact = { ...second, lastUsed };
      if (second.status === 'Active' && lastUsed.date)
        return { outcome: 'second-key-in-use', secondKey: secondFact };
      if (options.removeUnusedKeyId !== second.accessKeyId) {
        return { outcome: 'needs-confirmation', secondKey: secondFact };
      }
    }

    const now = this.ledger.nowIso();
    const record: AccessKeyRotationRecord = {
      kind: 'access-key',
      id: randomUUID(),
      profile: name,
      userName,
      userArn: identity.arn,
      oldKeyId: old.accessKeyId,
      oldKeyCreatedAt: old.createDate,
      step: 'planned',
      startedAt: now,
      updatedAt: now,
      graceDays,
      owner: currentOwner(now),
      ...(secondFact ? { unusedKeyId: secondFact.accessKeyId } : {}),
    };
    const created = await this.o.rotations.update((data) => {
      // Another run may have started one meanwhile.
      const other = data.rotations.find(
        (r) =>
          r.kind === 'access-key' &&
          r.profile === name &&
          !['rolled-back', 'finished'].includes(r.step as string),
      );
      if (other) return other as AccessKeyRotationRecord;
      data.rotations.push(record);
      return undefined;
    });
    if (created) return { outcome: 'busy', record: created };
    await this.ledger.progress('planned', record);
    return this.steps.fromPlanned(run, record, null);
  }

  // ---- finish ---------------------------------------------------------------------------------------------

  /** Deletes the old key once the grace period is over and nothing used it after deactivation. */
  finish(name: string, options: { graceDays?: number } = {}): Promise<FinishOutcome> {
    return this.finisher.finish(name, options);
  }
}
