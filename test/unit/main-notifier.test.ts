import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SessionScheduler, type StateChange } from '../../src/core/scheduler';
import type { ProfileDto } from '../../src/shared/ipc-contract';
import { mainStrings } from '../../src/main/i18n';
import { DEFAULT_COALESCE_MS, SessionNotifier, type NotificationRequest } from '../../src/main/notifier';
import { FakeClock } from '../support/fakes/fake-clock';

const T0 = Date.parse('2026-11-23T12:00:00Z');
const MIN = 60_000;
const LEAD = 10 * MIN;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The real scheduler feeding the notifier, as the AppController does: each change batch arrives with the
 * profiles as they are at that moment.
 */
class Harness {
  readonly clock = new FakeClock(T0);
  readonly shown: NotificationRequest[] = [];
  readonly opened: { name: string; reason: string }[] = [];
  enabled = true;
  private sessions: Record<string, number | undefined> = {};
  readonly notifier = new SessionNotifier({
    notify: (n) => this.shown.push(n),
    openPrompt: (name, reason) => this.opened.push({ name, reason }),
    enabled: () => this.enabled,
    t: () => mainStrings('en'),
    clock: this.clock,
  });
  readonly scheduler = new SessionScheduler(this.clock, LEAD, (changes) =>
    this.notifier.handle(changes, this.profiles()),
  );

  /** Logs in/out: sets the sessions and tells the scheduler, like the controller after each change. */
  set(sessions: Record<string, number | undefined>): void {
    this.sessions = { ...sessions };
    this.scheduler.update(
      Object.entries(this.sessions).map(([name, at]) => ({
        name,
        sessionExpiresAt: at === undefined ? undefined : iso(at),
      })),
    );
  }

  /** Only the profile data, for tests that feed the notifier by hand (no scheduler timers armed). */
  define(sessions: Record<string, number | undefined>): void {
    this.sessions = { ...sessions };
  }

  /** Timers stop during sleep; on wake time has moved on and the app recomputes once. */
  sleepThenWake(ms: number): void {
    this.clock.jump(ms);
    this.scheduler.recompute();
  }

  profiles(): ProfileDto[] {
    const states = this.scheduler.states();
    return Object.entries(this.sessions).map(([name, at]) => ({
      name,
      kind: 'aws' as const,
      state: states.get(name) ?? 'none',
      expiresAt: at === undefined ? null : iso(at),
      target: `${name}-mfa`,
      delivery: 'file',
      region: 'eu-west-1',
      durationSeconds: 3600,
      mfaSerial: null,
      accountId: null,
      accessKeyIdSuffix: null,
    }));
  }

  bodies(): string[] {
    return this.shown.map((n) => n.body);
  }
}

test('entering expiring: one notification with the real minutes left; entering expired: one more', () => {
  const h = new Harness();
  h.set({ dev: T0 + 60 * MIN });
  h.clock.advance(DEFAULT_COALESCE_MS);
  assert.equal(h.shown.length, 0, 'logging in says nothing');

  h.clock.advance(50 * MIN + DEFAULT_COALESCE_MS);
  assert.deepEqual(h.bodies(), ['Session for dev expires in 10 min. Click to enter a new code.']);
  assert.equal(h.shown[0].title, 'Session expiring');

  h.clock.advance(10 * MIN + DEFAULT_COALESCE_MS);
  assert.deepEqual(h.bodies().slice(1), ['Session for dev has expired. Click to enter a new code.']);
  assert.equal(h.shown[1].title, 'Session expired');

  h.clock.advance(24 * 60 * MIN);
  assert.equal(h.shown.length, 2, 'nothing more once expired');
  assert.deepEqual(h.opened, [], 'no prompt opens by itself');
});

test('the minutes come from the expiry, not from the lead time', () => {
  const h = new Harness();
  // A 7½-minute session: the first sighting is already "expiring" (e.g. the app started late).
  h.scheduler.update([]);
  h.set({ dev: T0 + 7 * MIN + 30_000 });
  h.clock.advance(DEFAULT_COALESCE_MS);
  assert.deepEqual(h.bodies(), ['Session for dev expires in 8 min. Click to enter a new code.']);
});

test('clicking a notification opens the OTP entry for that profile, with the reason', () => {
  const h = new Harness();
  h.set({ dev: T0 + 30 * MIN, prod: T0 + 12 * MIN });
  h.clock.advance(30 * MIN + DEFAULT_COALESCE_MS);
  assert.deepEqual(h.bodies(), [
    'Session for prod expires in 10 min. Click to enter a new code.',
    'Session for prod has expired. Click to enter a new code.',
    'Session for dev expires in 10 min. Click to enter a new code.',
    'Session for dev has expired. Click to enter a new code.',
  ]);
  h.shown[0].onClick();
  h.shown[3].onClick();
  assert.deepEqual(h.opened, [
    { name: 'prod', reason: 'expiring' },
    { name: 'dev', reason: 'expired' },
  ]);
});

test('wake from sleep: one notification per profile, expired wins, no old news', () => {
  const h = new Harness();
  h.set({ old: T0 + 5 * MIN, dev: T0 + 60 * MIN, prod: T0 + 120 * MIN, ci: T0 + 8 * 60 * MIN });
  h.clock.advance(5 * MIN + DEFAULT_COALESCE_MS);
  assert.deepEqual(h.bodies(), [
    'Session for old expires in 5 min. Click to enter a new code.',
    'Session for old has expired. Click to enter a new code.',
  ]);
  h.shown.length = 0;

  // Asleep from 12:05 to 13:55: dev went valid → expiring → expired, prod valid → expiring, old stays expired.
  h.sleepThenWake(110 * MIN);
  h.clock.advance(DEFAULT_COALESCE_MS);
  assert.deepEqual(h.bodies(), [
    'Session for dev has expired. Click to enter a new code.',
    'Session for prod expires in 5 min. Click to enter a new code.',
  ]);

  // The power monitor's own recompute a moment later changes nothing, so says nothing.
  h.sleepThenWake(1000);
  h.clock.advance(DEFAULT_COALESCE_MS);
  assert.equal(h.shown.length, 2);
});

test('batches arriving together coalesce: an "expiring" overtaken by "expired" is not shown', () => {
  const h = new Harness();
  h.define({ dev: T0 + 60 * MIN });
  h.clock.jump(55 * MIN);
  const profiles = h.profiles();
  // Two reports within the coalescing window, as on wake (overdue timer, then the resume recompute).
  h.notifier.handle([{ name: 'dev', from: 'valid', to: 'expiring' }], profiles);
  h.clock.jump(100);
  h.notifier.handle([{ name: 'dev', from: 'expiring', to: 'expired' }], profiles);
  h.clock.advance(DEFAULT_COALESCE_MS);
  assert.deepEqual(h.bodies(), ['Session for dev has expired. Click to enter a new code.']);
});

test('never twice for the same transition of the same session', () => {
  const h = new Harness();
  h.set({ dev: T0 + 60 * MIN });
  h.clock.advance(50 * MIN + DEFAULT_COALESCE_MS);
  assert.equal(h.shown.length, 1);

  // The same change reported again (a duplicate batch) is not news.
  const change: StateChange = { name: 'dev', from: 'valid', to: 'expiring' };
  h.notifier.handle([change], h.profiles());
  h.clock.advance(DEFAULT_COALESCE_MS);
  // A lead-time change can flip the state back and forth: still the same session, still one word.
  h.notifier.handle([{ name: 'dev', from: 'expiring', to: 'valid' }], h.profiles());
  h.notifier.handle([change], h.profiles());
  h.clock.advance(DEFAULT_COALESCE_MS);
  assert.equal(h.shown.length, 1);

  // A new session (logged in again) is news again when it, in turn, nears its end.
  h.set({ dev: h.clock.now() + 11 * MIN });
  h.clock.advance(DEFAULT_COALESCE_MS);
  assert.equal(h.shown.length, 1);
  h.clock.advance(MIN);
  assert.deepEqual(h.bodies().slice(1), ['Session for dev expires in 10 min. Click to enter a new code.']);
});

test('a session found expired at start-up, logouts and logins say nothing', () => {
  const h = new Harness();
  h.set({ dev: T0 - MIN, new: undefined });
  h.set({ dev: T0 - MIN, new: T0 + 60 * MIN });
  h.set({ dev: undefined, new: T0 + 60 * MIN });
  h.clock.advance(DEFAULT_COALESCE_MS);
  assert.equal(h.shown.length, 0);
});

test('logging in again within the window cancels the pending notification', () => {
  const h = new Harness();
  h.set({ dev: T0 + 11 * MIN });
  h.clock.advance(MIN);
  h.set({ dev: T0 + 12 * 60 * MIN });
  h.clock.advance(DEFAULT_COALESCE_MS);
  assert.equal(h.shown.length, 0);
});

test('notifications turned off: none at all, and none owed when they are turned back on', () => {
  const h = new Harness();
  h.enabled = false;
  h.set({ dev: T0 + 60 * MIN });
  h.clock.advance(60 * MIN + DEFAULT_COALESCE_MS);
  assert.equal(h.shown.length, 0);
  h.enabled = true;
  h.clock.advance(60 * MIN);
  assert.equal(h.shown.length, 0);
  assert.equal(h.clock.pendingTimers(), 0);
});

test('stop drops what is pending', () => {
  const h = new Harness();
  h.set({ dev: T0 + 5 * MIN });
  h.notifier.stop();
  h.clock.advance(DEFAULT_COALESCE_MS);
  assert.equal(h.shown.length, 0);
});
