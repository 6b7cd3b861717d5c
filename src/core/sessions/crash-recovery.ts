/**
 * After a crash: finishes or undoes every operation a killed process left pending (see PendingMarks), so the
 * keychain, the AWS files and profiles.json agree again. The steps are the core's own.
 */
import type { AwsProfiles } from '../aws-profiles';
import { isBaseKeys, readJsonSecret, secretAccounts, type SecretStore } from '../keychain/secret-store';
import type { SessionCredentials } from '../keychain/secret-store';
import type { PendingOperation, Profile } from '../profiles';
import type { PendingMarks } from './pending-marks';

/** What finishing or undoing an operation takes (each step is safe to run again). */
export interface RecoverySteps {
  undoAdd(profile: Profile): Promise<void>;
  finishRemove(profile: Profile, done: { secretsDeleted: boolean }): Promise<void>;
  finishLogout(profile: Profile, done: { sessionDeleted: boolean }): Promise<void>;
  restoreSession(profile: Profile, session: SessionCredentials | undefined): Promise<void>;
  cachedSession(name: string): Promise<SessionCredentials | undefined>;
}

export class CrashRecovery {
  constructor(
    private readonly deps: { marks: PendingMarks; awsProfiles: AwsProfiles; secrets: SecretStore },
    private readonly steps: RecoverySteps,
  ) {}

  /**
   * Operations of live processes are left alone. Each CLI command runs this first; it is cheap when
   * nothing is pending (one read of profiles.json).
   */
  async recover(): Promise<void> {
    for (const profile of this.deps.marks.stale()) {
      try {
        await this.recoverOne(profile, profile.pending!);
      } catch {
        // Keychain locked, file unwritable, …: the mark stays and the next command tries again; the
        // command at hand reports such a problem itself if it meets it.
      }
    }
  }

  private async recoverOne(profile: Profile, pending: PendingOperation): Promise<void> {
    switch (pending.op) {
      case 'add': {
        // An import whose plain keys are already scrubbed is finished (the keys live only in the
        // keychain now); any other interrupted add is undone.
        const scrubbed =
          pending.scrubFrom !== undefined &&
          !(await this.deps.awsProfiles.readPlainKeys(pending.scrubFrom)) &&
          (await readJsonSecret(this.deps.secrets, secretAccounts.base(profile.name), isBaseKeys));
        if (scrubbed) await this.deps.marks.clear(profile.name);
        else await this.steps.undoAdd(profile);
        break;
      }
      case 'remove':
        await this.steps.finishRemove(profile, { secretsDeleted: false });
        break;
      case 'logout':
        await this.steps.finishLogout(profile, { sessionDeleted: false });
        break;
      case 'login':
        // The keychain decides: credential-process hands out what it holds, so file and record follow it.
        await this.steps.restoreSession(profile, await this.steps.cachedSession(profile.name));
        break;
    }
  }
}
