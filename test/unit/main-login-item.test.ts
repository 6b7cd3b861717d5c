import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { desktopExec, XdgAutostart, xdgConfigHome } from '../../src/main/login-item';

function tempConfigHome(t: { after: (fn: () => void) => void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mfa-tray-autostart-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('XdgAutostart: set(true) writes the entry, set(false) removes it, get() reads it back', async (t) => {
  const configHome = tempConfigHome(t);
  const item = new XdgAutostart({
    configHome,
    command: ['/opt/mfa-tray/mfa-tray'],
    name: 'mfa-tray',
    comment: 'MFA sessions for the AWS CLI',
  });
  assert.equal(item.file, path.join(configHome, 'autostart', 'mfa-tray.desktop'));
  assert.equal(item.get(), false);
  await item.set(true);
  assert.equal(item.get(), true);
  const text = fs.readFileSync(item.file, 'utf8');
  assert.match(text, /^\[Desktop Entry\]\nType=Application\n/);
  assert.match(text, /^Exec=\/opt\/mfa-tray\/mfa-tray$/m);
  await item.set(true);
  assert.equal(fs.readdirSync(path.dirname(item.file)).length, 1, 'no temp files left');
  await item.set(false);
  assert.equal(item.get(), false);
  assert.equal(fs.existsSync(item.file), false);
  await item.set(false);
});

test('XdgAutostart: an entry switched off in the desktop settings counts as off', async (t) => {
  const configHome = tempConfigHome(t);
  const item = new XdgAutostart({ configHome, command: ['mfa-tray'], name: 'mfa-tray', comment: '' });
  await item.set(true);
  fs.writeFileSync(item.file, fs.readFileSync(item.file, 'utf8').replace('enabled=true', 'enabled=false'));
  assert.equal(item.get(), false);
  fs.writeFileSync(item.file, '[Desktop Entry]\nExec=mfa-tray\nHidden=true\n');
  assert.equal(item.get(), false);
});

test('desktopExec quotes and escapes per the Desktop Entry spec', () => {
  assert.equal(
    desktopExec(['/usr/bin/electron', '/home/me/mfa-tray']),
    '/usr/bin/electron /home/me/mfa-tray',
  );
  assert.equal(desktopExec(['/home/me/My Apps/mfa-tray.AppImage']), '"/home/me/My Apps/mfa-tray.AppImage"');
  assert.equal(desktopExec(['/opt/100%/app']), '/opt/100%%/app');
  assert.equal(desktopExec(['/opt/a$b/"q"']), '"/opt/a\\\\$b/\\\\"q\\\\""');
  assert.equal(desktopExec(['']), '""');
  assert.throws(() => desktopExec(['/opt/a\nb']), /line break/);
});

test('xdgConfigHome: $XDG_CONFIG_HOME when absolute, else ~/.config', () => {
  assert.equal(xdgConfigHome({ XDG_CONFIG_HOME: '/cfg' }, '/home/me'), '/cfg');
  assert.equal(xdgConfigHome({ XDG_CONFIG_HOME: 'relative' }, '/home/me'), path.join('/home/me', '.config'));
  assert.equal(xdgConfigHome({}, '/home/me'), path.join('/home/me', '.config'));
});
