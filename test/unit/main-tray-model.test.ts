import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ProfileDto, SessionState } from '../../src/shared/ipc-contract';
import { mainStrings, resolveLanguage, type MainStrings } from '../../src/main/i18n';
import {
  formatCountdown,
  menuTemplate,
  tooltip,
  TrayPresenter,
  trayIconFile,
  trayState,
  type MenuItemModel,
  type TrayView,
} from '../../src/main/tray-model';
import { FakeClock } from '../support/fakes/fake-clock';
import { fakeProfile } from '../support/fakes/profile-dto';

const T0 = Date.parse('2026-11-23T12:00:00Z');
const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const en = mainStrings('en');
const ja = mainStrings('ja');

function profile(name: string, state: SessionState, expiresAtMs?: number): ProfileDto {
  return fakeProfile(name, {
    state,
    expiresAt: expiresAtMs === undefined ? null : new Date(expiresAtMs).toISOString(),
    region: 'eu-west-1',
    mfaSerial: 'arn:aws:iam::123456789012:mfa/phone',
  });
}

test('trayState: the worst profile wins; no profile at all is an alert', () => {
  assert.equal(trayState([]), 'alert');
  assert.equal(trayState([profile('a', 'valid', T0 + HOUR)]), 'ok');
  assert.equal(trayState([profile('a', 'valid', T0 + HOUR), profile('b', 'valid', T0 + 2 * HOUR)]), 'ok');
  assert.equal(
    trayState([profile('a', 'valid', T0 + HOUR), profile('b', 'expiring', T0 + 5 * MIN)]),
    'expiring',
  );
  assert.equal(
    trayState([profile('a', 'expiring', T0 + 5 * MIN), profile('b', 'expired', T0 - MIN)]),
    'alert',
  );
  assert.equal(trayState([profile('a', 'valid', T0 + HOUR), profile('b', 'none')]), 'alert');
});

test('formatCountdown: H:MM:SS rounded up, never negative', () => {
  assert.equal(formatCountdown(HOUR + 23 * MIN + 45 * SEC), '1:23:45');
  assert.equal(formatCountdown(HOUR + 23 * MIN + 44 * SEC + 1), '1:23:45');
  assert.equal(formatCountdown(999), '0:00:01');
  assert.equal(formatCountdown(0), '0:00:00');
  assert.equal(formatCountdown(-5 * SEC), '0:00:00');
  assert.equal(formatCountdown(36 * HOUR), '36:00:00');
});

test('tooltip: the nearest running session counts down; expired and absent sessions are skipped', () => {
  const profiles = [
    profile('prod', 'valid', T0 + 5 * HOUR),
    profile('dev', 'valid', T0 + HOUR + 23 * MIN + 45 * SEC),
    profile('old', 'expired', T0 - MIN),
    profile('new', 'none'),
  ];
  assert.equal(tooltip(profiles, T0, en), 'mfa-tray — dev 1:23:45\nprod 5:00:00\ndev 1:23:45');
  assert.equal(tooltip(profiles, T0 + SEC, en), 'mfa-tray — dev 1:23:44\nprod 4:59:59\ndev 1:23:44');
  // Once dev is over (even before its state is updated) the next one is shown.
  assert.equal(tooltip(profiles, T0 + HOUR + 23 * MIN + 45 * SEC, en), 'mfa-tray — prod 3:36:15');
  assert.equal(tooltip([profile('new', 'none')], T0, en), 'mfa-tray — no active session');
  assert.equal(tooltip([], T0, ja), 'mfa-tray — 有効なセッションなし');
  // Roles are listed under their source profile, each with its own countdown.
  const role = {
    ...profile('admin', 'valid', T0 + 40 * MIN),
    kind: 'role' as const,
    role: { source: 'prod', roleArn: 'arn:aws:iam::111111111111:role/Admin' },
  };
  assert.equal(
    tooltip([profiles[0], profiles[1], role], T0, en),
    'mfa-tray — admin 0:40:00\nprod 5:00:00\n  ↳ admin 0:40:00\ndev 1:23:45',
  );
});

test('trayIconFile: template images on macOS, colour elsewhere', () => {
  assert.equal(trayIconFile('ok', 'darwin'), 'trayTemplate.png');
  assert.equal(trayIconFile('alert', 'darwin'), 'trayAlertTemplate.png');
  assert.equal(trayIconFile('expiring', 'win32'), 'tray-expiring.png');
  assert.equal(trayIconFile('ok', 'linux'), 'tray-ok.png');
});

function labels(items: MenuItemModel[]): string[] {
  return items.map((i) => (i.type === 'separator' ? '---' : i.label));
}

test('menuTemplate: a submenu per profile, then Open, Start at login, Quit', () => {
  const items = menuTemplate(
    [profile('dev', 'valid', T0 + HOUR), profile('prod', 'none')],
    { startAtLogin: true },
    en,
  );
  assert.deepEqual(labels(items), [
    'dev — Logged in',
    'prod — Not logged in',
    '---',
    'Open mfa-tray',
    'Start at login',
    '---',
    'Quit mfa-tray',
  ]);
  const dev = items[0];
  assert.equal(dev.type, 'submenu');
  if (dev.type !== 'submenu') return;
  assert.deepEqual(dev.submenu, [
    { type: 'normal', label: 'Log in…', enabled: true, action: { kind: 'login', name: 'dev' } },
    { type: 'normal', label: 'Log out', enabled: true, action: { kind: 'logout', name: 'dev' } },
  ]);
  const prod = items[1];
  if (prod.type !== 'submenu') throw new Error('prod is a submenu');
  const logout = prod.submenu[1];
  assert.equal(logout.type === 'normal' && logout.enabled, false, 'nothing to log out of');

  const startAtLogin = items[4];
  assert.deepEqual(startAtLogin, {
    type: 'checkbox',
    label: 'Start at login',
    enabled: true,
    checked: true,
    action: { kind: 'toggle-start-at-login' },
  });
  assert.deepEqual(items[6], {
    type: 'normal',
    label: 'Quit mfa-tray',
    enabled: true,
    action: { kind: 'quit' },
  });
  assert.deepEqual(items[3], {
    type: 'normal',
    label: 'Open mfa-tray',
    enabled: true,
    action: { kind: 'open' },
  });
});

test('menuTemplate: without profiles, a disabled hint; in Japanese when asked', () => {
  const items = menuTemplate([], { startAtLogin: false }, ja);
  assert.deepEqual(labels(items), [
    'プロファイルがありません',
    '---',
    'mfa-tray を開く',
    'ログイン時に起動',
    '---',
    'mfa-tray を終了',
  ]);
  assert.deepEqual(items[0], { type: 'normal', label: 'プロファイルがありません', enabled: false });
  const checkbox = items[3];
  assert.equal(checkbox.type === 'checkbox' && checkbox.checked, false);
});

test('i18n: both tables have the same keys; system language follows the locale', () => {
  const keys = (s: MainStrings) => Object.keys(s).sort();
  assert.deepEqual(keys(ja), keys(en));
  assert.deepEqual(Object.keys(ja.stateLabel).sort(), Object.keys(en.stateLabel).sort());
  assert.equal(
    en.notifyExpiringBody('dev', 10),
    'Session for dev expires in 10 min. Click to enter a new code.',
  );
  assert.equal(resolveLanguage('system', 'ja'), 'ja');
  assert.equal(resolveLanguage('system', 'ja-JP'), 'ja');
  assert.equal(resolveLanguage('system', 'ja_JP'), 'ja');
  assert.equal(resolveLanguage('system', 'en-GB'), 'en');
  assert.equal(resolveLanguage('system', 'de'), 'en');
  assert.equal(resolveLanguage('en', 'ja-JP'), 'en');
  assert.equal(resolveLanguage('ja', 'en-US'), 'ja');
});

function presenter(clock: FakeClock) {
  const views: TrayView[] = [];
  const p = new TrayPresenter({ clock, strings: () => en, render: (view) => views.push(view) });
  return { p, views };
}

test('TrayPresenter: ticks once a second, on the second, only while a session runs', () => {
  const clock = new FakeClock(T0);
  const { p, views } = presenter(clock);
  // 1:00:00.500 left: the shown value changes after 500 ms, then every second.
  p.update([profile('dev', 'valid', T0 + HOUR + 500)]);
  assert.deepEqual(views, [{ state: 'ok', tooltip: 'mfa-tray — dev 1:00:01' }]);
  assert.equal(clock.pendingTimers(), 1);
  clock.advance(499);
  assert.equal(views.length, 1);
  clock.advance(1);
  assert.equal(views.at(-1)!.tooltip, 'mfa-tray — dev 1:00:00');
  clock.advance(SEC);
  assert.equal(views.at(-1)!.tooltip, 'mfa-tray — dev 0:59:59');
  assert.equal(views.length, 3);
  assert.equal(clock.pendingTimers(), 1, 'one timer, however many ticks');

  // The session ends: the countdown stops and no timer is left behind.
  clock.advance(HOUR);
  assert.equal(views.at(-1)!.tooltip, 'mfa-tray — no active session');
  assert.equal(clock.pendingTimers(), 0);
});

test('TrayPresenter: no timer without a running session; renders only on change; stop clears it', () => {
  const clock = new FakeClock(T0);
  const { p, views } = presenter(clock);
  p.update([profile('dev', 'expired', T0 - MIN), profile('new', 'none')]);
  assert.deepEqual(views, [{ state: 'alert', tooltip: 'mfa-tray — no active session' }]);
  assert.equal(clock.pendingTimers(), 0);
  p.update([profile('dev', 'expired', T0 - MIN), profile('new', 'none')]);
  assert.equal(views.length, 1, 'same view, no re-render');
  p.rerender();
  assert.equal(views.length, 2, 'a forced re-render (language switch) renders');

  p.update([profile('dev', 'expiring', T0 + 5 * MIN)]);
  assert.deepEqual(views.at(-1), { state: 'expiring', tooltip: 'mfa-tray — dev 0:05:00' });
  assert.equal(clock.pendingTimers(), 1);
  p.stop();
  assert.equal(clock.pendingTimers(), 0);
});
