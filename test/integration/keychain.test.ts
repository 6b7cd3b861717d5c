import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { KeytarSecretStore } from '../../src/core/keychain/keytar-store';
import { keychainServiceName } from '../../src/core/keychain';

// These run against the real Secret Service started by scripts/with-keyring.sh (gnome-keyring in a private
// D-Bus session), through keytar and libsecret: the same path the app uses.

test('secrets round-trip through the OS keychain, per service, and can be deleted', async () => {
  const service = `mfa-tray-test-${crypto.randomUUID()}`;
  const store = new KeytarSecretStore(service);
  const other = new KeytarSecretStore(`${service}-other`);
  const secret = JSON.stringify({
    accessKeyId: 'AKIAEXAMPLE',
    secretAccessKey: crypto.randomBytes(30).toString('base64'),
  });
  assert.equal(await store.get('dev/base-keys'), null);
  await store.set('dev/base-keys', secret);
  assert.equal(await store.get('dev/base-keys'), secret);
  assert.equal(await other.get('dev/base-keys'), null, 'another installation does not see it');
  await store.set('dev/base-keys', 'replaced');
  assert.equal(await store.get('dev/base-keys'), 'replaced');
  assert.equal(await store.delete('dev/base-keys'), true);
  assert.equal(await store.delete('dev/base-keys'), false);
  assert.equal(await store.get('dev/base-keys'), null);
});

test('an MFA_TRAY_HOME of its own gets a keychain namespace of its own', () => {
  assert.equal(keychainServiceName({}), 'mfa-tray');
  assert.equal(keychainServiceName({ MFA_TRAY_HOME: '/tmp/x' }), 'mfa-tray (/tmp/x)');
  assert.equal(keychainServiceName({ MFA_TRAY_HOME: '/tmp/x', MFA_TRAY_KEYCHAIN_SERVICE: 's' }), 's');
});

test('with no Secret Service reachable, the error says what is wrong and what to do', () => {
  const storeModule = path.join(__dirname, '..', '..', 'src', 'core', 'keychain', 'keytar-store');
  const script = `
    const { KeytarSecretStore } = require(${JSON.stringify(storeModule)});
    new KeytarSecretStore('mfa-tray-test').get('x').then(
      () => { console.log('unexpectedly worked'); process.exit(3); },
      (e) => { console.log(JSON.stringify({ kind: e.kind, message: e.message, hint: e.details.hint })); });`;
  const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', DISPLAY: '' };
  const execArgv = __filename.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const run = spawnSync(process.execPath, [...execArgv, '-e', script], {
    env,
    encoding: 'utf8',
    timeout: 20_000,
  });
  assert.equal(run.status, 0, run.stderr);
  const result = JSON.parse(run.stdout.trim().split('\n').pop()!) as {
    kind: string;
    message: string;
    hint: string;
  };
  assert.equal(result.kind, 'keychain-unavailable');
  assert.match(result.message, /OS keychain is not available/);
  assert.match(result.hint, /Secret Service/);
});
