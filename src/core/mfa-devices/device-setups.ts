import type { Clock } from '../clock';

/** How long a created-but-not-enabled device's seed is kept in memory for enable. */
export const PENDING_SETUP_TTL_MS = 15 * 60_000;

/** A virtual device this process created and has not enabled yet. Holds its seed: memory only. */
export interface DeviceSetup {
  profile: string;
  serialNumber: string;
  deviceName: string;
  seed: string;
  createdAt: number;
}

export interface DeviceSetupsOptions {
  /**
   * Called once for each setup whose time ran out unfinished (it is forgotten first), e.g. to delete the
   * device in AWS so no orphan is left behind. With it, a timer watches each setup; without it (the CLI),
   * an expired setup is only forgotten when next looked at.
   */
  onExpired?: (setup: DeviceSetup) => void;
  ttlMs?: number;
}

/**
 * The one owner of unfinished device setups (serial → setup): the device service adds and finishes them,
 * the tray asks it which setups are its own and abandons them on quit.
 */
export class DeviceSetups {
  private readonly setups = new Map<string, { setup: DeviceSetup; timer: unknown }>();
  private readonly ttlMs: number;

  constructor(
    private readonly clock: Clock,
    private readonly options: DeviceSetupsOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? PENDING_SETUP_TTL_MS;
  }

  /** Remembers a setup; returns until when (ms) it may be enabled. */
  add(setup: DeviceSetup): number {
    this.delete(setup.serialNumber);
    const expiresAt = setup.createdAt + this.ttlMs;
    const onExpired = this.options.onExpired;
    const timer = onExpired
      ? this.clock.setTimeout(
          () => this.expire(setup.serialNumber),
          Math.max(0, expiresAt - this.clock.now()),
        )
      : undefined;
    this.setups.set(setup.serialNumber, { setup, timer });
    return expiresAt;
  }

  get(serialNumber: string): DeviceSetup | undefined {
    this.purgeExpired();
    return this.setups.get(serialNumber)?.setup;
  }

  has(serialNumber: string): boolean {
    return this.get(serialNumber) !== undefined;
  }

  /** The setups still waiting for their codes. */
  list(): DeviceSetup[] {
    this.purgeExpired();
    return [...this.setups.values()].map((s) => s.setup);
  }

  /** Forgets a setup (enabled, abandoned or removed); returns it if there was one. */
  delete(serialNumber: string): DeviceSetup | undefined {
    const entry = this.setups.get(serialNumber);
    if (!entry) return undefined;
    if (entry.timer !== undefined) this.clock.clearTimeout(entry.timer);
    this.setups.delete(serialNumber);
    return entry.setup;
  }

  /** Forgets every setup, without calling onExpired (quitting: what could be deleted was). */
  clear(): void {
    for (const serial of [...this.setups.keys()]) this.delete(serial);
  }

  private purgeExpired(): void {
    const now = this.clock.now();
    for (const { setup } of [...this.setups.values()]) {
      if (now - setup.createdAt > this.ttlMs) this.expire(setup.serialNumber);
    }
  }

  private expire(serialNumber: string): void {
    const setup = this.delete(serialNumber);
    if (setup) this.options.onExpired?.(setup);
  }
}
