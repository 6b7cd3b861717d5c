import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MfaTrayError } from '../../src/core/errors';
import {
  profileCommandLine,
  removeSoracomProfileFile,
  soracomProfileDir,
  soracomProfileFileState,
  writeSoracomProfileFile,
  type SoracomProfileFileSpec,
} from '../../src/core/soracom/profile-file';

const homes: string[] = [];
after(() => {
  for (const h of homes) fs.rmSync(h, { recursive: true, force: true });
});

function home(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mfa-tray-soracom-pf-'));
  homes.push(dir);
  return dir;
}

const COMMAND = ['/usr/bin/node', '/opt/mfa tray/main.js'];

function spec(homeDir: string, over: Partial<SoracomProfileFileSpec> = {}): SoracomProfileFileSpec {
  return {
    soracomProfile: 'work',
    mfaTrayProfile: 'work',
    command: COMMAND,
    coverageType: 'jp',
    homeDir,
    env: {},
    ...over,
  };
}

test('the folder: $SORACOM_PROFILE_DIR, else ~/.soracom', () => {
  assert.equal(soracomProfileDir({ SORACOM_PROFILE_DIR: '/x/y' }, '/home/a'), '/x/y');
  assert.equal(soracomProfileDir({ SORACOM_PROFILE_DIR: '' }, '/home/a'), path.join('/home/a', '.soracom'));
});

test('writes {coverageType, endpoint?, profileCommand}, mode 0600, folder 0700 when we create it', async () => {
  const h = home();
  const { path: file, changed } = await writeSoracomProfileFile(
    spec(h, { coverageType: 'g', endpoint: 'http://127.0.0.1:1' }),
  );
  assert.equal(changed, true);
  assert.equal(file, path.join(h, '.soracom', 'work.json'));
  assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), {
    coverageType: 'g',
    endpoint: 'http://127.0.0.1:1',
    profileCommand: "/usr/bin/node '/opt/mfa tray/main.js' soracom profile-command work",
  });
  assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  assert.equal(fs.statSync(path.dirname(file)).mode & 0o777, 0o700);
  assert.equal(await soracomProfileFileState(spec(h)), 'ours');
  // Same content again: nothing to write.
  assert.equal(
    (await writeSoracomProfileFile(spec(h, { coverageType: 'g', endpoint: 'http://127.0.0.1:1' }))).changed,
    false,
  );
  // An update (other coverage, mfa-tray moved) replaces our own file.
  await writeSoracomProfileFile(spec(h, { command: ['/usr/local/bin/mfa-tray'] }));
  assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), {
    coverageType: 'jp',
    profileCommand: '/usr/local/bin/mfa-tray soracom profile-command work',
  });
  assert.deepEqual(fs.readdirSync(path.dirname(file)), ['work.json'], 'no temp or lock file left');
});

test('an existing folder keeps its mode; other files in it are left alone', async () => {
  const h = home();
  const dir = path.join(h, '.soracom');
  fs.mkdirSync(dir, { mode: 0o755 });
  fs.chmodSync(dir, 0o755);
  fs.writeFileSync(path.join(dir, 'default.json'), '{"coverageType":"jp","email":"a@b.c","password":"p"}', {
    mode: 0o600,
  });
  await writeSoracomProfileFile(spec(h));
  assert.equal(fs.statSync(dir).mode & 0o777, 0o755);
  assert.equal(
    fs.readFileSync(path.join(dir, 'default.json'), 'utf8'),
    '{"coverageType":"jp","email":"a@b.c","password":"p"}',
  );
  assert.deepEqual(fs.readdirSync(dir).sort(), ['default.json', 'work.json']);
});

test('refuses to overwrite a file it did not write (profile-exists), and does not remove it', async () => {
  const h = home();
  const dir = path.join(h, '.soracom');
  fs.mkdirSync(dir);
  const foreign = [
    '{"coverageType":"jp","email":"a@b.c","password":"p"}',
    '{"coverageType":"jp","profileCommand":"op run -- soracom-creds"}',
    // Ours in shape, but a key added by hand makes it the user's.
    '{"coverageType":"jp","profileCommand":"/x soracom profile-command work","headers":{"X":"1"}}',
    // For another mfa-tray profile.
    '{"coverageType":"jp","profileCommand":"/x soracom profile-command other"}',
    'not json',
  ];
  for (const text of foreign) {
    fs.writeFileSync(path.join(dir, 'work.json'), text, { mode: 0o600 });
    await assert.rejects(writeSoracomProfileFile(spec(h)), (e: unknown) => {
      assert.ok(e instanceof MfaTrayError && e.kind === 'profile-exists', String(e));
      assert.equal(e.details.path, path.join(dir, 'work.json'));
      return true;
    });
    assert.equal(await removeSoracomProfileFile(spec(h)), 'foreign');
    assert.equal(fs.readFileSync(path.join(dir, 'work.json'), 'utf8'), text);
  }
  // A symlink is the user's arrangement too.
  fs.rmSync(path.join(dir, 'work.json'));
  fs.symlinkSync(path.join(h, 'elsewhere.json'), path.join(dir, 'work.json'));
  await assert.rejects(
    writeSoracomProfileFile(spec(h)),
    (e: unknown) => e instanceof MfaTrayError && e.kind === 'profile-exists',
  );
});

test('remove: only while ours; absent is reported; other files stay', async () => {
  const h = home();
  assert.equal(await removeSoracomProfileFile(spec(h)), 'absent');
  const { path: file } = await writeSoracomProfileFile(spec(h));
  fs.writeFileSync(path.join(path.dirname(file), 'other.json'), '{}', { mode: 0o600 });
  assert.equal(await removeSoracomProfileFile(spec(h, { mfaTrayProfile: 'someone-else' })), 'foreign');
  assert.equal(await removeSoracomProfileFile(spec(h)), 'removed');
  assert.equal(fs.existsSync(file), false);
  assert.deepEqual(fs.readdirSync(path.dirname(file)), ['other.json']);
  assert.equal(await removeSoracomProfileFile(spec(h)), 'absent');
});

test('profileCommand needs an absolute program; the profile name is quoted', () => {
  assert.throws(
    () => profileCommandLine(['node', 'main.js'], 'x'),
    (e: unknown) => e instanceof MfaTrayError,
  );
  assert.equal(
    profileCommandLine(['/bin/mfa-tray'], "it's"),
    "/bin/mfa-tray soracom profile-command 'it'\\''s'",
  );
});
