/**
 * `profile remove SOURCE` while roles are assumed from SOURCE: refused with the roles named (nothing
 * changes), unless --with-roles, which removes the roles and then the source. Real keychain, real files;
 * nothing reaches AWS (the source is added with its device ARN, roles are added without calls).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { NO_AWS_ENDPOINT, onTerminal, Sandbox } from '../support/cli-sandbox';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const sandboxes: Sandbox[] = [];

after(() => {
  for (const s of sandboxes) s.cleanup();
});

/** Profile "work" with roles "admin" and "readonly" assumed from it. */
async function sandboxWithRoles(): Promise<Sandbox> {
  // Nothing here reaches AWS; a closed port makes sure of it.
  const s = new Sandbox(NO_AWS_ENDPOINT);
  sandboxes.push(s);
  s.secrets.add(SECRET);
  const add = await s.cli(
    [
      'profile',
      'add',
      'work',
      '--access-key-id',
      'AKIAIOSFODNN7EXAMPLE',
      '--mfa-serial',
      'arn:aws:iam::123456789012:mfa/phone',
    ],
    { input: SECRET },
  );
  assert.equal(add.code, 0, add.stderr);
  for (const [role, arn] of [
    ['admin', 'arn:aws:iam::123456789012:role/Admin'],
    ['readonly', 'arn:aws:iam::123456789012:role/ReadOnly'],
  ] as const) {
    const r = await s.cli(['role', 'add', role, '--source', 'work', '--role-arn', arn]);
    assert.equal(r.code, 0, r.stderr);
  }
  return s;
}

async function profileNames(s: Sandbox): Promise<string[]> {
  const list = await s.cli(['profile', 'list', '--json']);
  assert.equal(list.code, 0, list.stderr);
  return (JSON.parse(list.stdout) as { name: string }[]).map((p) => p.name).sort();
}

test('profile remove refuses a source that roles use, names them and says how to proceed; nothing changes', async () => {
  const s = await sandboxWithRoles();
  const before = s.snapshot();

  const refused = await s.cli(['profile', 'remove', 'work', '--yes']);
  assert.equal(refused.code, 1, refused.stderr);
  assert.equal(refused.stdout, '');
  assert.equal(
    refused.stderr,
    'mfa-tray: Not removed: profile "work" is the source of roles "admin", "readonly", which would be left without a way to log in. ' +
      'Remove them first (mfa-tray profile remove ROLE), or together with the profile: mfa-tray profile remove work --with-roles\n',
  );
  assert.deepEqual(await profileNames(s), ['admin', 'readonly', 'work']);
  assert.deepEqual(s.snapshot(), before, 'refusing changes no file');

  // On a terminal it refuses before asking: a "yes" could not be carried out.
  const asked = await onTerminal(s, ['profile', 'remove', 'work'], 'y\n');
  assert.equal(asked.code, 1, asked.stdout);
  assert.doesNotMatch(asked.stdout, /\[y\/N\]/);
  assert.match(asked.stdout, /is the source of roles "admin", "readonly"/);
  assert.deepEqual(await profileNames(s), ['admin', 'readonly', 'work']);

  // With one role left, the message names just that one.
  const one = await s.cli(['profile', 'remove', 'admin', '--yes']);
  assert.equal(one.code, 0, one.stderr);
  const refusedOne = await s.cli(['profile', 'remove', 'work', '--yes']);
  assert.equal(refusedOne.code, 1);
  assert.match(refusedOne.stderr, /is the source of role "readonly", which would be left .* Remove it first/);

  // The roles gone, the source goes as any profile does.
  assert.equal((await s.cli(['profile', 'remove', 'readonly', '--yes'])).code, 0);
  const removed = await s.cli(['profile', 'remove', 'work', '--yes']);
  assert.equal(removed.code, 0, removed.stderr);
  assert.deepEqual(await profileNames(s), []);
});

test('profile remove --with-roles says the roles go too, asks, and removes the roles and the source', async () => {
  const s = await sandboxWithRoles();
  const config = fs.readFileSync(s.configPath, 'utf8');
  for (const p of ['work-mfa', 'admin-mfa', 'readonly-mfa'])
    assert.match(config, new RegExp(`\\[profile ${p}\\]`));

  const declined = await onTerminal(s, ['profile', 'remove', 'work', '--with-roles'], 'n\n');
  const text = declined.stdout.replace(/\r/g, '');
  assert.equal(declined.code, 1, text);
  assert.ok(
    text.includes(
      '  - its roles "admin", "readonly" are removed too: their sessions end and their AWS profiles are removed from your AWS files\n',
    ),
    text,
  );
  assert.ok(text.includes('Nothing removed.'), text);
  assert.deepEqual(await profileNames(s), ['admin', 'readonly', 'work']);

  const confirmed = await onTerminal(s, ['profile', 'remove', 'work', '--with-roles'], 'y\n');
  assert.equal(confirmed.code, 0, confirmed.stdout);
  assert.match(
    confirmed.stdout,
    /Removed profile "work" and its roles "admin", "readonly": their keys and sessions are gone/,
  );
  assert.deepEqual(await profileNames(s), []);
  const left = fs.readFileSync(s.configPath, 'utf8');
  for (const p of ['work-mfa', 'admin-mfa', 'readonly-mfa'])
    assert.doesNotMatch(left, new RegExp(`\\[profile ${p}\\]`));
  assert.ok(!confirmed.stdout.includes(SECRET));

  // --with-roles on a profile without roles is just a removal.
  const plain = await s.cli(
    [
      'profile',
      'add',
      'solo',
      '--access-key-id',
      'AKIAIOSFODNN7EXAMPLE',
      '--mfa-serial',
      'arn:aws:iam::123456789012:mfa/p',
    ],
    { input: SECRET },
  );
  assert.equal(plain.code, 0, plain.stderr);
  const solo = await s.cli(['profile', 'remove', 'solo', '--with-roles', '--yes']);
  assert.equal(solo.code, 0, solo.stderr);
  assert.match(solo.stdout, /^Removed profile "solo": its keys are gone/);
});
