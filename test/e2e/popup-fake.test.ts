// Renderer component tests: the built popup in Chromium against the typed fake API (no app, keychain or
// AWS), for states the real stack reaches only slowly — many profiles in every state, rare errors.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { FakeApi, fakeProfile } from '../support/fakes/fake-api';
import type { ProfileDto } from '../../src/shared/ipc-contract';
import {
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  englishSentences,
  requireBuiltRenderer,
  screenshotPath,
} from './dev-host';

const ORIGIN = 'http://popup.test';
const MIN = 60_000;

let browser: Browser;
let page: Page;
let fake: FakeApi;

function at(msFromNow: number): string {
  return new Date(Date.now() + msFromNow).toISOString();
}

async function rowOrder(): Promise<string[]> {
  const ids = await page
    .locator('[data-testid^="profile-row-"]')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid') ?? ''));
  return ids.map((id) => id.slice('profile-row-'.length));
}

async function shot(name: string): Promise<void> {
  await page.mouse.move(1, 1);
  await page.screenshot({ path: screenshotPath(name) });
  if (/-ja(-|$)/.test(name)) {
    assert.deepEqual(await englishSentences(page), [], `no English sentence in the Japanese popup (${name})`);
  }
}

describe('the popup against the fake API', () => {
  before(async () => {
    const dist = requireBuiltRenderer();
    fake = new FakeApi();
    fake.profiles = [
      fakeProfile('zeta-long', { state: 'valid', expiresAt: at(10 * 60 * MIN) }),
      fakeProfile('none-a'),
      fakeProfile('old', { state: 'expired', expiresAt: at(-3 * MIN - 5_000) }),
      fakeProfile('short', { state: 'valid', expiresAt: at(2 * 60 * MIN) }),
      fakeProfile('soon', { state: 'expiring', expiresAt: at(5 * MIN) }),
      fakeProfile('none-b', { mfaSerial: null }),
      fakeProfile('mid', { state: 'valid', expiresAt: at(5 * 60 * MIN) }),
    ];
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const context = await browser.newContext({
      viewport: { width: 360, height: 520 },
      deviceScaleFactor: 2,
      locale: 'en-US',
    });
    // The built files, served under a made-up origin: no server at all.
    await context.route(`${ORIGIN}/**`, async (route) => {
      const { pathname } = new URL(route.request().url());
      const file = path.join(dist, pathname === '/' ? 'index.html' : pathname);
      if (!file.startsWith(dist) || !fs.existsSync(file)) return route.fulfill({ status: 404 });
      return route.fulfill({ path: file });
    });
    page = await context.newPage();
    await fake.install(page);
    await page.goto(`${ORIGIN}/`);
    await page.getByTestId('profile-row-old').waitFor();
  });

  after(async () => {
    await browser?.close();
  });

  test('rows are sorted by urgency: expired, expiring, valid by time left, not logged in', async () => {
    assert.deepEqual(await rowOrder(), ['old', 'soon', 'short', 'mid', 'zeta-long', 'none-a', 'none-b']);
    assert.equal((await page.getByTestId('countdown-old').innerText()).trim(), 'Expired 3 min ago');
    assert.equal((await page.getByTestId('countdown-none-a').innerText()).trim(), 'Not logged in');
    assert.match((await page.getByTestId('countdown-soon').innerText()).trim(), /^0:0[45]:\d{2}$/);
    // One main action per row: Log in (or Refresh), or "Set up MFA device" without a device.
    assert.equal(await page.getByTestId('login-old').innerText(), 'Log in');
    assert.equal(await page.getByTestId('login-short').innerText(), 'Refresh');
    assert.equal(await page.getByTestId('mfa-setup-none-b').count(), 1);
    assert.equal(await page.getByTestId('login-none-b').count(), 0);
    // The rest behind "⋯".
    assert.equal(await page.getByTestId('edit-old').count(), 0);
    await page.getByTestId('more-old').click();
    await page.getByTestId('edit-old').waitFor();
    assert.equal(await page.getByTestId('logout-old').count(), 1);
    await page.keyboard.press('Escape');
    await page.getByTestId('edit-old').waitFor({ state: 'detached' });
    await shot('fake-status-many-en-light');
  });

  test('more than six profiles: a search field filters by name and target', async () => {
    const search = page.getByTestId('profile-search');
    await search.fill('zeta');
    assert.deepEqual(await rowOrder(), ['zeta-long']);
    await search.fill('none-');
    assert.deepEqual(await rowOrder(), ['none-a', 'none-b']);
    await search.fill('nothing-like-it');
    await page.getByTestId('search-none').waitFor();
    assert.deepEqual(await rowOrder(), []);
    await search.fill('');
    assert.equal((await rowOrder()).length, 7);
    // Six or fewer: no search field.
    await fake.emit('profiles:changed', fake.profiles.slice(0, 6));
    await search.waitFor({ state: 'detached' });
    await fake.emit('profiles:changed', fake.profiles);
    await search.waitFor();
  });

  test('a role stays right under its source, which moves with it; it has no device or edit actions', async () => {
    const role = fakeProfile('short-admin', {
      state: 'valid',
      expiresAt: at(30 * MIN),
      mfaSerial: null,
      role: { source: 'short', roleArn: 'arn:aws:iam::123456789012:role/admin' },
    });
    await fake.emit('profiles:changed', [role, ...fake.profiles]);
    await page.getByTestId('profile-row-short-admin').waitFor();
    // The role expires first, but ranks with its source (valid, 2 h left).
    assert.deepEqual(await rowOrder(), [
      'old',
      'soon',
      'short',
      'short-admin',
      'mid',
      'zeta-long',
      'none-a',
      'none-b',
    ]);
    assert.equal((await page.getByTestId('role-source-short-admin').innerText()).trim(), '↳ short');
    assert.equal(await page.getByTestId('login-short-admin').count(), 1);
    await page.getByTestId('more-short-admin').click();
    await page.getByTestId('logout-short-admin').waitFor();
    assert.equal(await page.getByTestId('edit-short-admin').count(), 0);
    assert.equal(await page.getByTestId('mfa-devices-short-admin').count(), 0);
    await page.keyboard.press('Escape');
    await fake.emit('profiles:changed', fake.profiles);
    await page.getByTestId('profile-row-short-admin').waitFor({ state: 'detached' });
  });

  test('a new profile is scrolled to and highlighted, wherever it sorts', async () => {
    await page.getByTestId('add-profile').click();
    await page.getByTestId('field-name').fill('zz-new');
    await page.getByTestId('field-access-key-id').fill('AKIAIOSFODNN7EXAMPLE');
    await page.getByTestId('field-secret').fill('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
    await page.getByTestId('save-profile').click();
    const row = page.getByTestId('profile-row-zz-new');
    await row.waitFor();
    assert.equal(await row.getAttribute('data-highlight'), 'true');
    assert.equal((await rowOrder()).at(-1), 'zz-new', 'not logged in: at the end');
    const box = await row.boundingBox();
    assert.ok(box && box.y >= 48 && box.y + box.height <= 520, 'scrolled into view, under the header');
    assert.equal(await page.getByTestId('profile-row-old').getAttribute('data-highlight'), null);
    await shot('fake-status-new-profile-en-light');
    const added = fake.calls.find((c) => c.channel === 'profiles:add');
    assert.equal((added?.args[0] as { name: string }).name, 'zz-new');
    fake.profiles = fake.profiles.filter((p) => p.name !== 'zz-new');
    await fake.emit('profiles:changed', fake.profiles);
    await row.waitFor({ state: 'detached' });
  });

  test('the form checks the core rules before sending: the error under its field, cleared by typing', async () => {
    const addsBefore = fake.calls.filter((c) => c.channel === 'profiles:add').length;
    await page.getByTestId('add-profile').click();
    await page.getByTestId('field-name').fill('bad name!');
    await page.getByTestId('field-access-key-id').fill('ASIAIOSFODNN7EXAMPLE');
    await page.getByTestId('field-secret').fill('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
    await page.getByTestId('save-profile').click();
    const fieldError = page.locator('.field-error[data-testid="form-error"]');
    await fieldError.waitFor();
    assert.equal(
      await fieldError.innerText(),
      'Use letters, digits and _ . @ + = , - (up to 64, starting with a letter or digit).',
    );
    assert.equal(await page.getByTestId('field-name').getAttribute('aria-invalid'), 'true');
    // Typing there takes the error away; the next broken rule is the next field's.
    await page.getByTestId('field-name').fill('good-name');
    await fieldError.waitFor({ state: 'detached' });
    await page.getByTestId('save-profile').click();
    await fieldError.waitFor();
    assert.match(
      await fieldError.innerText(),
      /^An access key ID starting with ASIA belongs to temporary credentials/,
    );
    assert.equal(await page.getByTestId('field-access-key-id').getAttribute('aria-invalid'), 'true');
    await page.getByTestId('field-access-key-id').fill('AKIAIOSFODNN7EXAMPLE');
    await page.getByTestId('field-region').fill('Tokyo');
    await page.getByTestId('save-profile').click();
    await fieldError.waitFor();
    assert.equal(await fieldError.innerText(), 'Enter an AWS region, like us-east-1 or eu-west-1.');
    assert.equal(fake.calls.filter((c) => c.channel === 'profiles:add').length, addsBefore, 'nothing sent');

    // A rule the core reports (here: the target profile) lands under its field too, not at the bottom.
    await page.getByTestId('field-region').fill('');
    fake.answer('profiles:add', () =>
      Promise.resolve({
        ok: false,
        error: {
          kind: 'invalid-input',
          message: 'The target AWS profile name is not valid.',
          field: 'target',
          rule: 'profile-name',
        },
      }),
    );
    await page.getByTestId('save-profile').click();
    await fieldError.waitFor();
    assert.equal(await page.getByTestId('field-target').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('.form-footer [data-testid="form-error"]').count(), 0);
    await shot('fake-form-rule-en-light');
    await page.getByTestId('back').click();
    await page.getByTestId('profile-row-short').waitFor();
  });

  /** Roles `short-admin` (logged in) and `short-ro` (not) assumed from `short`; returns a function that takes them away. */
  async function withRoles(): Promise<() => Promise<void>> {
    const before = fake.profiles;
    const role = (name: string, fields: Partial<ProfileDto>) =>
      fakeProfile(name, {
        mfaSerial: null,
        accessKeyIdSuffix: null,
        role: { source: 'short', roleArn: `arn:aws:iam::123456789012:role/${name}` },
        ...fields,
      });
    fake.profiles = [
      ...before,
      role('short-admin', { state: 'valid', expiresAt: at(30 * MIN) }),
      role('short-ro', {}),
    ];
    await fake.emit('profiles:changed', fake.profiles);
    await page.getByTestId('profile-row-short-ro').waitFor();
    return async () => {
      fake.profiles = before;
      await fake.emit('profiles:changed', fake.profiles);
      await page.getByTestId('profile-row-short-ro').waitFor({ state: 'detached' });
    };
  }

  const logoutCalls = () => fake.calls.filter((c) => c.channel === 'session:logout').map((c) => c.args);

  test('Log out on a source with logged-in roles asks whether they go too, with the same call as the CLI', async () => {
    const restore = await withRoles();
    const callsBefore = logoutCalls().length;
    const openLogout = async () => {
      await page.getByTestId('more-short').click();
      await page.getByTestId('logout-short').click();
      await page.getByTestId('logout-roles-confirm').waitFor();
    };
    await openLogout();
    const ask = page.getByTestId('logout-roles-confirm');
    // Only the roles that are logged in are named: logging out the others would change nothing.
    assert.match(await ask.innerText(), /Also log out the roles of short\?/);
    assert.match(await ask.innerText(), /Assumed with its session: short-admin\./);
    assert.doesNotMatch(await ask.innerText(), /short-ro\b/);
    await shot('fake-logout-roles-en-light');
    // Esc (Cancel focused) changes nothing.
    await page.keyboard.press('Escape');
    await ask.waitFor({ state: 'detached' });
    assert.equal(logoutCalls().length, callsBefore);

    await openLogout();
    await page.getByTestId('logout-keep-roles').click();
    await page.getByTestId('notice').waitFor();
    assert.deepEqual(logoutCalls().slice(callsBefore), [['short']]);
    assert.equal(
      await page.getByTestId('notice').locator('.message-text').innerText(),
      'Logged out of short.',
    );

    await openLogout();
    await page.getByTestId('logout-with-roles').click();
    await page.getByText('Logged out of short and its roles short-admin.').waitFor();
    assert.deepEqual(logoutCalls().slice(callsBefore), [['short'], ['short', { withRoles: true }]]);

    // A profile without logged-in roles logs out without asking.
    await page.getByTestId('more-mid').click();
    await page.getByTestId('logout-mid').click();
    await page.getByText('Logged out of mid.').waitFor();
    assert.equal(await page.getByTestId('logout-roles-confirm').count(), 0);
    assert.deepEqual(logoutCalls().at(-1), ['mid']);
    await restore();
  });

  test('Remove on a source lists the roles that go with it; a refusal names them in the form', async () => {
    const restore = await withRoles();
    const removals: unknown[][] = [];
    fake.answer('profiles:remove', (name, options) => {
      removals.push(options === undefined ? [name] : [name, options]);
      const roles = fake.profiles.filter((p) => p.role?.source === name).map((p) => p.name);
      if (roles.length > 0 && !options?.withRoles) {
        return Promise.resolve({
          ok: false,
          error: { kind: 'source-has-roles', message: 'Not removed (English core text).', roles },
        });
      }
      fake.profiles = fake.profiles.filter((p) => p.name !== name && !roles.includes(p.name));
      return Promise.resolve({ ok: true, value: null });
    });
    await page.getByTestId('more-short').click();
    await page.getByTestId('edit-short').click();
    await page.getByTestId('remove-profile').click();
    const confirm = page.getByTestId('remove-confirm');
    await confirm.waitFor();
    assert.equal(
      await page.getByTestId('remove-roles').innerText(),
      'Its roles short-admin, short-ro are removed too: they are assumed from this profile and cannot log in without it.',
    );
    assert.equal(await page.getByTestId('confirm-remove').innerText(), 'Remove with roles');
    await shot('fake-remove-roles-en-light');
    await page.getByTestId('confirm-remove').click();
    await page.getByText('Removed profile short and its roles short-admin, short-ro.').waitFor();
    assert.deepEqual(removals, [['short', { withRoles: true }]]);
    for (const gone of ['short', 'short-admin', 'short-ro'])
      assert.equal(await page.getByTestId(`profile-row-${gone}`).count(), 0, gone);

    // A role added meanwhile (the popup did not know it): the core refuses, and the form names the role.
    await restore();
    fake.profiles = [
      ...fake.profiles,
      fakeProfile('short-new', {
        mfaSerial: null,
        role: { source: 'short', roleArn: 'arn:aws:iam::123456789012:role/new' },
      }),
    ];
    await page.getByTestId('more-short').click();
    await page.getByTestId('edit-short').click();
    await page.getByTestId('remove-profile').click();
    assert.equal(await page.getByTestId('remove-roles').count(), 0);
    await page.getByTestId('confirm-remove').click();
    const error = page.locator('.form-footer [data-testid="form-error"]');
    await error.waitFor();
    assert.equal(await error.getAttribute('data-kind'), 'source-has-roles');
    assert.equal(
      await error.locator('.message-text').innerText(),
      'Not removed: the roles short-new are assumed from this profile and could not log in without it. Try again: the confirmation then lists them and removes them with it.',
    );
    assert.deepEqual(removals.at(-1), ['short']);
    // Trying again, the confirmation names the role and removes it too.
    await page.getByTestId('remove-profile').click();
    assert.equal(
      await page.getByTestId('remove-roles').innerText(),
      'Its roles short-new are removed too: they are assumed from this profile and cannot log in without it.',
    );
    await page.getByTestId('confirm-cancel').click();
    await page.getByTestId('remove-confirm').waitFor({ state: 'detached' });
    fake.profiles = fake.profiles.filter((p) => p.name !== 'short-new');
    await page.getByTestId('back').click();
    await page.getByTestId('profile-row-short').waitFor();
    fake.answer('profiles:remove', (name) => {
      fake.profiles = fake.profiles.filter((p) => p.name !== name);
      return Promise.resolve({ ok: true, value: null });
    });
  });

  test('an error that points at the profile settings offers the button that opens them', async () => {
    fake.answer('prompt:open', () =>
      Promise.resolve({
        ok: false,
        error: { kind: 'invalid-base-key', message: 'The AWS access key of profile short is not valid.' },
      }),
    );
    await page.getByTestId('login-short').click();
    const error = page.getByTestId('action-error');
    await error.waitFor();
    assert.equal(await error.getAttribute('data-kind'), 'invalid-base-key');
    await shot('fake-error-settings-en-light');
    await error.getByTestId('error-action').click();
    await page.getByTestId('field-access-key-id').waitFor();
    assert.match(await page.locator('h1').innerText(), /short/);
    await page.getByTestId('back').click();
    await page.getByTestId('profile-row-short').waitFor();
  });

  test('in Japanese: every state of the list and the error, with no English sentence', async () => {
    fake.settings = { ...fake.settings, language: 'ja' };
    await page.reload();
    await page.locator('html[lang="ja"]').waitFor({ state: 'attached' });
    await page.getByTestId('profile-row-old').waitFor();
    assert.equal((await page.getByTestId('countdown-old').innerText()).trim(), '3 分前に期限切れ');
    await shot('fake-status-many-ja-light');
    await page.getByTestId('login-short').click();
    await page.getByTestId('action-error').waitFor();
    await shot('fake-error-settings-ja-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot('fake-error-settings-ja-dark');
    assert.ok(fake.calls.some((c) => c.channel === 'prompt:open'));
  });

  test('in Japanese: the roles questions on Log out and Remove, with no English sentence', async () => {
    await page.emulateMedia({ colorScheme: 'light' });
    const restore = await withRoles();
    await page.getByTestId('more-short').click();
    await page.getByTestId('logout-short').click();
    await page.getByTestId('logout-roles-confirm').waitFor();
    await shot('fake-logout-roles-ja-light');
    await page.keyboard.press('Escape');
    await page.getByTestId('more-short').click();
    await page.getByTestId('edit-short').click();
    await page.getByTestId('remove-profile').click();
    await page.getByTestId('remove-roles').waitFor();
    await shot('fake-remove-roles-ja-light');
    await page.keyboard.press('Escape');
    await page.getByTestId('back').click();
    await restore();
    // A broken rule under its field, in Japanese.
    await page.getByTestId('add-profile').click();
    await page.getByTestId('field-name').fill('bad name!');
    await page.getByTestId('field-access-key-id').fill('AKIAIOSFODNN7EXAMPLE');
    await page.getByTestId('field-secret').fill('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
    await page.getByTestId('save-profile').click();
    await page.locator('.field-error[data-testid="form-error"]').waitFor();
    await shot('fake-form-rule-ja-light');
    await page.getByTestId('back').click();
  });
});
