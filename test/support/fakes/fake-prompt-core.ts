import type { Clock } from '../../../src/core/clock';
import { MfaTrayError } from '../../../src/core/errors';
import type { PromptCore } from '../../../src/core/prompts';
import type { LoginResult, ProfileStatus } from '../../../src/core/mfa-tray-core';

export interface FakePromptCoreOptions {
  clock: Clock;
  /** The profile's status; throws for a profile that does not exist. */
  profile: (name: string) => ProfileStatus;
  /**
   * Whether a login with this code succeeds (else AWS's "wrong code"). Without it every login rejects with
   * `unexpectedLogin`: for tests in which nothing may log in.
   */
  accepts?: (name: string, code: string) => boolean;
  unexpectedLogin?: string;
  /** Lifetime of the session a successful login makes. */
  sessionSeconds?: number;
}

/** The core as the PromptCoordinator sees it: a status per profile, and logins that are logged. */
export class FakePromptCore implements PromptCore {
  readonly logins: { name: string; code: string }[] = [];

  constructor(private readonly options: FakePromptCoreOptions) {}

  profileStatus = (name: string): ProfileStatus => this.options.profile(name);

  login = async (name: string, code: string): Promise<LoginResult> => {
    this.logins.push({ name, code });
    const { accepts, clock } = this.options;
    if (!accepts) throw new Error(this.options.unexpectedLogin ?? 'no login expected');
    await Promise.resolve();
    if (!accepts(name, code)) throw new MfaTrayError('wrong-code', 'AWS did not accept that code.');
    const expiresAt = new Date(clock.now() + (this.options.sessionSeconds ?? 12 * 3600) * 1000).toISOString();
    return { profile: { ...this.profileStatus(name), state: 'valid', expiresAt }, expiresAt, warnings: [] };
  };
}
