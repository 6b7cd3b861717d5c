import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { mainStrings } from '../../src/main/i18n';
import type { NotificationRequest } from '../../src/main/notifier';
import type { RotationReminderFacts } from '../../src/main/rotation-handlers';
import { dueReminder, RotationReminder } from '../../src/main/rotation-reminder';
import { ReminderMemory } from '../../src/core/rotation/reminder-memory';
import { FakeClock } from '../support/fakes/fake-clock';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function facts(fields: Partial<RotationReminderFacts> = {}): RotationReminderFacts {
  return { keyAges: [], keyFinishDue: [], funnelFinishDue: [], ...fields };
}

const age = (name: string, ageDays: number) => ({ name, ageDays, createdAt: '2026-01-01T00:00:00.000Z' });

test('policy: keys at or over the threshold, and due finishes; 0 turns the key age part off', () => {
  const f = facts({ keyAges: [age('young', 89), age('old', 90), age('older', 200)] });
  assert.deepEqual(dueReminder(f, 90), {
    oldKeys: [
      { name: 'old', ageDays: 90 },
      { name: 'older', ageDays: 200 },
    ],
    finishDue: [],
  });
  assert.equal(dueReminder(f, 0), undefined);
  assert.equal(dueReminder(f, 201), undefined);
  assert.deepEqual(dueReminder(facts({ keyFinishDue: ['work'], funnelFinishDue: ['sora/funnel'] }), 0), {
    oldKeys: [],
    finishDue: ['work', 'sora/funnel'],
  });
});

function setup(initial: RotationReminderFacts, threshold = 90) {
  const clock = new FakeClock(Date.parse('2026-11-26T09:00:00Z'));
  const shown: NotificationRequest[] = [];
  let clicks = 0;
  const state = { facts: initial, threshold, enabled: true, language: 'en' as 'en' | 'ja' };
  const reminder = new RotationReminder({
    clock,
    facts: () => state.facts,
    thresholdDays: () => state.threshold,
    enabled: () => state.enabled,
    notify: (n) => shown.push(n),
    t: () => mainStrings(state.language),
    onClick: () => (clicks += 1),
  });
  return { clock, shown, reminder, state, clicks: () => clicks };
}

test('reminder: notifies at start, then at most once a day however often it looks', () => {
  const x = setup(facts({ keyAges: [age('work', 95)], keyFinishDue: ['dev'] }));
  x.reminder.start();
  assert.equal(x.shown.length, 1);
  assert.equal(x.shown[0].title, 'Access keys to rotate');
  assert.equal(
    x.shown[0].body,
    'Time to rotate: work (95 days old).\nReady to finish (delete the old key): dev.',
  );
  // Hourly looks, and looks after rotations, within the day: quiet.
  for (let i = 0; i < 23; i++) x.clock.advance(HOUR);
  assert.equal(x.reminder.check(), undefined);
  assert.equal(x.shown.length, 1);
  // A day after the last one: once more.
  x.clock.advance(HOUR);
  assert.equal(x.shown.length, 2);
  x.shown[1].onClick();
  assert.equal(x.clicks(), 1);
  x.reminder.stop();
  x.clock.advance(3 * DAY);
  assert.equal(x.shown.length, 2);
});

test('reminder: nothing due, notifications off or the threshold at 0 keep it quiet; a due day is not used up', () => {
  const x = setup(facts({ keyAges: [age('work', 30)] }));
  x.reminder.start();
  assert.equal(x.shown.length, 0);
  // The key turns 90 while the app runs: the next hourly look says so at once.
  x.state.facts = facts({ keyAges: [age('work', 90)] });
  x.state.enabled = false;
  x.clock.advance(HOUR);
  assert.equal(x.shown.length, 0);
  x.state.enabled = true;
  x.state.threshold = 0;
  x.clock.advance(HOUR);
  assert.equal(x.shown.length, 0);
  x.state.threshold = 90;
  x.state.language = 'ja';
  x.clock.advance(HOUR);
  assert.equal(x.shown.length, 1);
  assert.equal(x.shown[0].title, 'アクセスキーのローテーション');
  assert.equal(x.shown[0].body, 'ローテーションの時期です: work (作成から 90 日)');
  x.reminder.stop();
});

test('reminder: a damaged rotations.json is reported, not thrown, and says nothing', () => {
  const clock = new FakeClock(0);
  const errors: unknown[] = [];
  const shown: NotificationRequest[] = [];
  const reminder = new RotationReminder({
    clock,
    facts: () => {
      throw new Error('damaged');
    },
    thresholdDays: () => 90,
    enabled: () => true,
    notify: (n) => shown.push(n),
    t: () => mainStrings('en'),
    onClick: () => {},
    onError: (e) => errors.push(e),
  });
  assert.equal(reminder.check(), undefined);
  assert.equal(errors.length, 1);
  assert.equal(shown.length, 0);
});

test('reminder: the last reminder is remembered in reminder.json, so a restart the same day stays quiet', async () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mfa-tray-reminder-'));
  try {
    const clock = new FakeClock(Date.parse('2026-11-26T09:00:00Z'));
    const shown: NotificationRequest[] = [];
    const start = () =>
      new RotationReminder({
        clock,
        facts: () => facts({ keyAges: [age('work', 120)] }),
        thresholdDays: () => 90,
        enabled: () => true,
        notify: (n) => shown.push(n),
        t: () => mainStrings('en'),
        onClick: () => {},
        memory: new ReminderMemory(home),
      });
    assert.ok(start().check());
    assert.equal(shown.length, 1);
    // The write is not awaited by check(): wait until the file holds it.
    const file = path.join(home, 'reminder.json');
    for (let i = 0; i < 100 && !fs.existsSync(file); i++) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), { lastShownAt: '2026-11-26T09:00:00.000Z' });
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);

    clock.advance(5 * HOUR); // the app restarts the same day
    assert.equal(start().check(), undefined);
    assert.equal(shown.length, 1);
    clock.advance(DAY); // the next day it reminds again
    assert.ok(start().check());
    assert.equal(shown.length, 2);

    fs.writeFileSync(file, 'not json'); // damaged: counts as never, no throw
    assert.equal(new ReminderMemory(home).lastShownAt(), undefined);
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
});
