import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { DEFAULT_WAKE_DEBOUNCE_MS, PowerWatcher } from '../../src/main/power';
import { FakeClock } from '../support/fakes/fake-clock';

const T0 = Date.parse('2026-11-23T12:00:00Z');

test('resume and unlock-screen in a burst make ONE recompute, after the burst', () => {
  const clock = new FakeClock(T0);
  const power = new EventEmitter();
  let wakes = 0;
  new PowerWatcher(power, () => (wakes += 1), clock);

  power.emit('resume');
  clock.advance(300);
  power.emit('unlock-screen');
  clock.advance(300);
  power.emit('resume');
  assert.equal(wakes, 0, 'not in the middle of the burst');
  clock.advance(DEFAULT_WAKE_DEBOUNCE_MS - 1);
  assert.equal(wakes, 0);
  clock.advance(1);
  assert.equal(wakes, 1);
  assert.equal(clock.pendingTimers(), 0);

  // A later, separate wake is another recompute.
  clock.advance(60 * 60_000);
  power.emit('unlock-screen');
  clock.advance(DEFAULT_WAKE_DEBOUNCE_MS);
  assert.equal(wakes, 2);
});

test('other power events are ignored; stop unsubscribes and drops a pending recompute', () => {
  const clock = new FakeClock(T0);
  const power = new EventEmitter();
  let wakes = 0;
  const watcher = new PowerWatcher(power, () => (wakes += 1), clock, 500);
  power.emit('suspend');
  power.emit('lock-screen');
  clock.advance(1000);
  assert.equal(wakes, 0);

  power.emit('resume');
  watcher.stop();
  clock.advance(1000);
  assert.equal(wakes, 0);
  assert.equal(power.listenerCount('resume'), 0);
  assert.equal(power.listenerCount('unlock-screen'), 0);
});
