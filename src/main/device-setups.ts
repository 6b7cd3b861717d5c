/**
 * The virtual MFA devices the popup created and has not enabled yet: each is deleted in AWS when the
 * user gives up, when its time is up (the seed is only kept that long) and on quit — no orphans.
 */
import type { Clock } from '../core/clock';
import { MfaTrayError } from '../core/errors';
import type { CreatedVirtualDevice, MfaDeviceService } from '../core/mfa-devices';

/** Quitting must not hang on AWS: unfinished setups get this long to be deleted. */
export const ABANDON_ON_STOP_TIMEOUT_MS = 10_000;

type AbandonResult = Awaited<ReturnType<MfaDeviceService['abandon']>>;

export class DeviceSetups {
  /** serial → the profile it is set up for, and its expiry timer. */
  private readonly setups = new Map<string, { profile: string; timer: unknown }>();

  constructor(
    private readonly mfa: MfaDeviceService,
    private readonly clock: Clock,
    /** Errors that are not MfaTrayErrors (bugs), from deletions nobody waits for. */
    private readonly onUnexpectedError?: (error: unknown) => void,
  ) {}

  /** Remembers a device created for a setup; when its time is up unenabled, it is deleted. */
  track(profile: string, created: CreatedVirtualDevice): void {
    const delay = Math.max(0, Date.parse(created.pendingUntil) - this.clock.now());
    const serial = created.serialNumber;
    const timer = this.clock.setTimeout(() => this.expired(serial), delay);
    this.setups.set(serial, { profile, timer });
  }

  /** The setup ended (enabled, removed): nothing to delete any more. */
  untrack(serial: string): { profile: string } | undefined {
    const setup = this.setups.get(serial);
    if (!setup) return undefined;
    this.clock.clearTimeout(setup.timer);
    this.setups.delete(serial);
    return setup;
  }

  /** The profile `serial` is being set up for here, if it is. */
  profileOf(serial: string): string | undefined {
    return this.setups.get(serial)?.profile;
  }

  /** Deletes a device being set up here; anything else is refused (it goes through mfa:remove). */
  async abandon(serial: string): Promise<AbandonResult> {
    const setup = this.untrack(serial);
    if (!setup) {
      throw new MfaTrayError('invalid-input', 'That MFA device is not being set up here.', {
        hint: 'Delete a leftover device from the list of MFA devices instead.',
      });
    }
    return this.mfa.abandon(setup.profile, serial);
  }

  /** Before a profile goes (its keys with it): its unfinished devices, deleted while they still can be. */
  async abandonAllOf(profile: string): Promise<void> {
    for (const [serial, setup] of [...this.setups]) {
      if (setup.profile === profile) await this.abandon(serial).catch(() => undefined);
    }
  }

  /** On quit: every setup not finished is deleted in AWS, within a bound (quitting must not hang). */
  async abandonAll(): Promise<void> {
    const serials = [...this.setups.keys()];
    if (serials.length === 0) return;
    const all = (async () => {
      const done = new Set((await this.mfa.abandonAllPending()).map((r) => r.serialNumber));
      // Setups the service forgot (its memory of seeds expires) are still ours to delete.
      for (const serial of serials) {
        if (done.has(serial)) this.untrack(serial);
        else await this.abandon(serial).catch(() => undefined);
      }
    })();
    let timer: unknown;
    const timeout = new Promise<void>((resolve) => {
      timer = this.clock.setTimeout(resolve, ABANDON_ON_STOP_TIMEOUT_MS);
    });
    try {
      await Promise.race([all.catch(() => undefined), timeout]);
    } finally {
      this.clock.clearTimeout(timer);
      for (const serial of [...this.setups.keys()]) this.untrack(serial);
    }
  }

  private expired(serial: string): void {
    void this.abandon(serial).catch((error: unknown) => {
      if (!(error instanceof MfaTrayError)) this.onUnexpectedError?.(error);
    });
  }
}
