import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextTransition, SessionScheduler, sessionState, type StateChange } from '../../src/core/scheduler';
import { FakeClock } from '../support/fakes/fake-clock';

const T0 = Date.parse('2026-11-23T12:00:00Z');
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

test('sessionState: none, valid, expiring within the lead time, expired at the instant of expiry', () => {
  const expiry = T0 + 60 * MIN;
  assert.equal(sessionState(undefined, T0, 10 * MIN), 'none');
  assert.equal(sessionState('garbage', T0, 10 * MIN), 'none');
  assert.equal(sessionState(iso(expiry), T0, 10 * MIN), 'valid');
  assert.equal(sessionState(iso(expiry), expiry - 10 * MIN - 1, 10 * MIN), 'valid');
  assert.equal(sessionState(iso(expiry), expiry - 10 * MIN, 10 * MIN), 'expiring');
  assert.equal(sessionState(iso(expiry), expiry - 1, 10 * MIN), 'expiring');
  assert.equal(sessionState(iso(expiry), expiry, 10 * MIN), 'expired');
});

test('nextTransition: valid → expiring at expiry − lead, expiring → expired at expiry, none for expired', () => {
  const expiry = T0 + 60 * MIN;
  assert.deepEqual(nextTransition({ name: 'a', sessionExpiresAt: iso(expiry) }, T0, 10 * MIN), {
    at: expiry - 10 * MIN,
    state: 'expiring',
  });
  assert.deepEqual(nextTransition({ name: 'a', sessionExpiresAt: iso(expiry) }, expiry - MIN, 10 * MIN), {
    at: expiry,
    state: 'expired',
  });
  assert.equal(nextTransition({ name: 'a', sessionExpiresAt: iso(expiry) }, expiry, 10 * MIN), undefined);
  assert.equal(nextTransition({ name: 'a' }, T0, 10 * MIN), undefined);
});

test('SessionScheduler reports each change once, at its moment, with one timer for the nearest', () => {
  const clock = new FakeClock(T0);
  const seen: { at: number; changes: StateChange[] }[] = [];
  const scheduler = new SessionScheduler(clock, 10 * MIN, (changes) =>
    seen.push({ at: clock.now(), changes }),
  );
  scheduler.update([
    { name: 'dev', sessionExpiresAt: iso(T0 + 30 * MIN) },
    { name: 'prod', sessionExpiresAt: iso(T0 + 60 * MIN) },
    { name: 'new' },
  ]);
  assert.equal(seen.length, 1, 'the initial states are reported once');
  assert.deepEqual(
    seen[0].changes.map((c) => [c.name, c.to]),
    [
      ['dev', 'valid'],
      ['prod', 'valid'],
      ['new', 'none'],
    ],
  );
  assert.equal(clock.pendingTimers(), 1);
  assert.equal(scheduler.nextWakeAt(), T0 + 20 * MIN);

  clock.advance(20 * MIN - 1);
  assert.equal(seen.length, 1, 'nothing before the lead time');
  clock.advance(1);
  assert.deepEqual(seen[1], { at: T0 + 20 * MIN, changes: [{ name: 'dev', from: 'valid', to: 'expiring' }] });

  clock.advance(10 * MIN);
  assert.deepEqual(seen[2], {
    at: T0 + 30 * MIN,
    changes: [{ name: 'dev', from: 'expiring', to: 'expired' }],
  });
  clock.advance(20 * MIN);
  assert.deepEqual(seen[3].changes, [{ name: 'prod', from: 'valid', to: 'expiring' }]);
  clock.advance(10 * MIN);
  assert.deepEqual(seen[4].changes, [{ name: 'prod', from: 'expiring', to: 'expired' }]);
  assert.equal(clock.pendingTimers(), 0, 'no timer once nothing can change');
  clock.advance(24 * 60 * MIN);
  assert.equal(seen.length, 5);
});

test('after sleep (time jumps, timers did not run) one recompute reports every change at once', () => {
  const clock = new FakeClock(T0);
  const seen: StateChange[][] = [];
  const scheduler = new SessionScheduler(clock, 10 * MIN, (changes) => seen.push(changes));
  scheduler.update([
    { name: 'a', sessionExpiresAt: iso(T0 + 30 * MIN) },
    { name: 'b', sessionExpiresAt: iso(T0 + 90 * MIN) },
  ]);
  clock.jump(85 * MIN);
  const changes = scheduler.recompute();
  assert.deepEqual(
    changes.map((c) => [c.name, c.from, c.to]),
    [
      ['a', 'valid', 'expired'],
      ['b', 'valid', 'expiring'],
    ],
  );
  assert.equal(seen.length, 2);
  assert.deepEqual(scheduler.recompute(), [], 'a second recompute reports nothing new');
});

test('a new session (login) or a changed lead time is picked up by update', () => {
  const clock = new FakeClock(T0);
  const seen: StateChange[][] = [];
  const scheduler = new SessionScheduler(clock, 10 * MIN, (changes) => seen.push(changes));
  scheduler.update([{ name: 'a', sessionExpiresAt: iso(T0 + 5 * MIN) }]);
  assert.equal(scheduler.states().get('a'), 'expiring');
  scheduler.update([{ name: 'a', sessionExpiresAt: iso(T0 + 12 * 60 * MIN) }]);
  assert.equal(scheduler.states().get('a'), 'valid');
  scheduler.update([{ name: 'a', sessionExpiresAt: iso(T0 + 12 * 60 * MIN) }], 13 * 60 * MIN);
  assert.equal(scheduler.states().get('a'), 'expiring');
  scheduler.update([]);
  assert.equal(scheduler.states().size, 0);
  assert.equal(clock.pendingTimers(), 0);
  scheduler.stop();
});
