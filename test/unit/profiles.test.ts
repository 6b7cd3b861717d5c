import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ProfileStore, accountIdFromSerial, parseMetadata } from '../../src/core/profiles';
import { isMfaTrayError } from '../../src/core/errors';

function tempHome(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'mfa-tray-profiles-'));
}

const profile = (name: string) => ({
  kind: 'aws' as const,
  name,
  region: 'eu-west-1',
  durationSeconds: 43200,
  target: `${name}-mfa`,
  delivery: 'file' as const,
});

test('a missing file is an empty list; updates are written atomically with mode 0600', async () => {
  const home = path.join(tempHome(), 'nested', 'home');
  const store = new ProfileStore(home);
  assert.deepEqual(store.load().profiles, []);
  await store.update((d) => d.profiles.push(profile('dev')));
  assert.equal(store.get('dev').target, 'dev-mfa');
  assert.equal(fs.statSync(store.file).mode & 0o777, 0o600);
  assert.deepEqual(
    fs.readdirSync(home).filter((f) => f.includes('.tmp')),
    [],
    'no temp file is left behind',
  );
});

test('a damaged file is reported with its path and never reset', async () => {
  const home = tempHome();
  const store = new ProfileStore(home);
  for (const damaged of [
    '{"version":1,"profiles":[',
    '{"version":2,"profiles":[]}',
    '{"version":1,"profiles":[{"name":"x"}]}',
  ]) {
    fs.writeFileSync(store.file, damaged);
    assert.throws(
      () => store.load(),
      (e: unknown) => isMfaTrayError(e, 'metadata-damaged') && e.message.includes(store.file),
    );
    await assert.rejects(
      store.update((d) => d.profiles.push(profile('dev'))),
      (e: unknown) => isMfaTrayError(e, 'metadata-damaged'),
    );
    assert.equal(fs.readFileSync(store.file, 'utf8'), damaged, 'the damaged file is left as it was');
  }
});

test('concurrent updates from many writers all land (lock + re-read)', async () => {
  const store = new ProfileStore(tempHome());
  await Promise.all(
    Array.from({ length: 12 }, (_, i) =>
      new ProfileStore(store.home).update((d) => d.profiles.push(profile(`p${i}`))),
    ),
  );
  assert.equal(store.load().profiles.length, 12);
});

test('unknown profile names are a clear error', () => {
  const store = new ProfileStore(tempHome());
  assert.throws(
    () => store.get('nope'),
    (e: unknown) => isMfaTrayError(e, 'profile-not-found'),
  );
});

test('the account id is read from the MFA device ARN', () => {
  assert.equal(accountIdFromSerial('arn:aws:iam::123456789012:mfa/phone'), '123456789012');
  assert.equal(accountIdFromSerial('GAHT12345678'), undefined);
});

test('a BOM-prefixed profiles.json loads; bad values are reported damaged with the path and the value', () => {
  const file = '/home/u/.config/mfa-tray/profiles.json';
  const good = {
    name: 'dev',
    region: 'eu-west-1',
    durationSeconds: 43200,
    target: 'dev-mfa',
    delivery: 'file',
  };
  const text = (p: object) => JSON.stringify({ version: 1, profiles: [p] });
  assert.equal(parseMetadata('\ufeff' + text(good), file).profiles[0]?.name, 'dev');
  const cases: [object, string][] = [
    [{ durationSeconds: -5 }, 'invalid "durationSeconds" (-5; expected a whole number from 900 to 129600)'],
    [
      { durationSeconds: 3600.5 },
      'invalid "durationSeconds" (3600.5; expected a whole number from 900 to 129600)',
    ],
    [
      { durationSeconds: 129601 },
      'invalid "durationSeconds" (129601; expected a whole number from 900 to 129600)',
    ],
    [
      { durationSeconds: '3600' },
      'invalid "durationSeconds" ("3600"; expected a whole number from 900 to 129600)',
    ],
    [{ region: 'mars' }, 'invalid "region" ("mars"; expected a region name like eu-west-1)'],
    [{ mfaSerial: 'not-an-arn' }, 'invalid "mfaSerial" ("not-an-arn")'],
    [{ delivery: 'email' }, '"delivery" must be "file" or "process"'],
    [{ lastCode: 'x' }, 'invalid "lastCode"'],
  ];
  for (const [patch, why] of cases) {
    assert.throws(
      () => parseMetadata(text({ ...good, ...patch }), file),
      (error: unknown) =>
        isMfaTrayError(error, 'metadata-damaged') &&
        error.details.path === file &&
        error.message === `The mfa-tray profile list ${file} is damaged: profile #1: ${why}.`,
      JSON.stringify(patch),
    );
  }
  assert.throws(
    () => parseMetadata(JSON.stringify({ version: 1, profiles: [], settings: { language: 'fr' } }), file),
    /settings\.language must be "en", "ja" or "system"/,
  );
});
