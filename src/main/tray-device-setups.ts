/**
 * The tray's side of virtual MFA devices created from the popup and not enabled yet. The one owner of
 * unfinished setups is the core's DeviceSetups (inside MfaDeviceService); the tray gives it an on-expired
 * callback so a setup whose time ran out is deleted in AWS (no orphan), deletes a profile's setups before
 * the profile goes, and deletes all of them on quit within a bound.
 */
import type { Clock } from '../core/clock';
import { MfaTrayError } from '../core/errors';
import { DeviceSetups, MfaDeviceService, type DeviceSetup } from '../core/mfa-devices';
import type { MfaTrayCore } from '../core/mfa-tray-core';

/** Quitting must not hang on AWS: unfinished setups get this long to be deleted. */
export const ABANDON_ON_STOP_TIMEOUT_MS = 10_000;

type AbandonResult = Awaited<ReturnType<MfaDeviceService['abandon']>>;

export class TrayDeviceSetups {
  /** The one MfaDeviceService of the tray: its DeviceSetups holds the seeds of setups, in memory only. */
  readonly mfa: MfaDeviceService;

  constructor(
    core: MfaTrayCore,
    private readonly clock: Clock,
    /** Errors that are not MfaTrayErrors (bugs), from deletions nobody waits for. */
    private readonly onUnexpectedError?: (error: unknown) => void,
  ) {
    const setups = new DeviceSetups(clock, { onExpired: (setup) => this.expired(setup) });
    this.mfa = new MfaDeviceService(core, { setups });
  }

  /** The profile `serial` is being set up for here, if it is. */
  profileOf(serial: string): string | undefined {
    return this.mfa.setups.get(serial)?.profile;
  }

  /** Deletes a device being set up here; anything else is refused (it goes through mfa:remove). */
  async abandon(serial: string): Promise<AbandonResult> {
    const setup = this.mfa.setups.get(serial);
    if (!setup) {
      throw new MfaTrayError('invalid-input', 'That MFA device is not being set up here.', {
        hint: 'Delete a leftover device from the list of MFA devices instead.',
      });
    }
    return this.mfa.abandon(setup.profile, serial);
  }

  /** Before a profile goes (its keys with it): its unfinished devices, deleted while they still can be. */
  async abandonAllOf(profile: string): Promise<void> {
    for (const setup of this.mfa.setups.list()) {
      if (setup.profile === profile) await this.abandon(setup.serialNumber).catch(() => undefined);
    }
  }

  /** On quit: every setup not finished is deleted in AWS, within a bound (quitting must not hang). */
  async abandonAll(): Promise<void> {
    if (this.mfa.setups.list().length === 0) return;
    let timer: unknown;
    const timeout = new Promise<void>((resolve) => {
      timer = this.clock.setTimeout(resolve, ABANDON_ON_STOP_TIMEOUT_MS);
    });
    try {
      await Promise.race([this.mfa.abandonAllPending().catch(() => undefined), timeout]);
    } finally {
      this.clock.clearTimeout(timer);
      this.mfa.setups.clear();
    }
  }

  private expired(setup: DeviceSetup): void {
    void this.mfa.abandon(setup.profile, setup.serialNumber).catch((error: unknown) => {
      if (!(error instanceof MfaTrayError)) this.onUnexpectedError?.(error);
    });
  }
}
