import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AwsFilesStore } from '../../src/core/awsfiles/store';
import { parseIni } from '../../src/core/awsfiles/ini';
import { isMfaTrayError } from '../../src/core/errors';
import { CHURN_SECTIONS, churnFile } from '../support/awsfiles-writer';

// Compiled runs use dist/test/support/awsfiles-writer.js; tsx runs use the .ts and pass on tsx's loader
// flags (process.execArgv) so the child is a plain `node` process that SIGKILL reaches directly.
const WRITER = path.join(__dirname, '..', 'support', `awsfiles-writer${path.extname(__filename)}`);
const TEMP_FILE = /^\..+\.mfa-tray-.+\.tmp$/;

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mfa-tray-awsfiles-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function storeIn(dir: string, options: { lockTimeoutMs?: number; lockStaleMs?: number } = {}): AwsFilesStore {
  return new AwsFilesStore({
    credentialsPath: path.join(dir, '.aws', 'credentials'),
    configPath: path.join(dir, '.aws', 'config'),
    ...options,
  });
}

function tempFilesIn(dir: string): string[] {
  return fs.readdirSync(dir).filter((name) => TEMP_FILE.test(name));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

class Writer {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private stdout = '';
  private stderr = '';

  constructor(args: string[]) {
    this.child = spawn(process.execPath, [...process.execArgv, WRITER, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (this.stdout += chunk));
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) =>
      this.child.on('exit', (code, signal) => resolve({ code, signal })),
    );
  }

  /** Resolves with the first complete output line that starts with `prefix`. */
  waitFor(prefix: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const line = this.stdout
          .split('\n')
          .slice(0, -1)
          .find((candidate) => candidate.startsWith(prefix));
        if (line === undefined) return;
        cleanup();
        resolve(line);
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
        cleanup();
        reject(new Error(`writer exited (${code ?? signal}) before printing "${prefix}": ${this.stderr}`));
      };
      const cleanup = (): void => {
        this.child.stdout?.off('data', check);
        this.child.off('exit', onExit);
      };
      this.child.stdout?.on('data', check);
      this.child.on('exit', onExit);
      check();
    });
  }

  go(): void {
    this.child.stdin?.write('go\n');
  }
}

test('fromEnvironment honours AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE, with ~ expanded', () => {
  const home = path.join(os.tmpdir(), 'some-home');
  const defaults = AwsFilesStore.fromEnvironment({}, home);
  assert.equal(defaults.credentialsPath, path.join(home, '.aws', 'credentials'));
  assert.equal(defaults.configPath, path.join(home, '.aws', 'config'));

  const custom = AwsFilesStore.fromEnvironment(
    { AWS_SHARED_CREDENTIALS_FILE: '~/creds/file', AWS_CONFIG_FILE: '/etc/aws/config' },
    home,
  );
  assert.equal(custom.credentialsPath, path.join(home, 'creds', 'file'));
  assert.equal(custom.pathFor('credentials'), path.join(home, 'creds', 'file'));
  assert.equal(custom.configPath, path.resolve('/etc/aws/config'));

  const empty = AwsFilesStore.fromEnvironment({ AWS_SHARED_CREDENTIALS_FILE: '', AWS_CONFIG_FILE: '' }, home);
  assert.equal(empty.credentialsPath, defaults.credentialsPath);
  assert.equal(empty.configPath, defaults.configPath);
});

test('update writes to the files named by the environment', async (t) => {
  const dir = tempDir(t);
  const credentials = path.join(dir, 'elsewhere', 'my-credentials');
  const config = path.join(dir, 'elsewhere', 'my-config');
  const store = AwsFilesStore.fromEnvironment(
    { AWS_SHARED_CREDENTIALS_FILE: credentials, AWS_CONFIG_FILE: config },
    path.join(dir, 'home'),
  );
  await store.update('credentials', (doc) => doc.setKeys('work', { aws_access_key_id: 'AKIAWORK' }));
  await store.update('config', (doc) => doc.setKeys('profile work', { region: 'eu-west-1' }));
  assert.equal(fs.readFileSync(credentials, 'utf8'), '[work]\naws_access_key_id = AKIAWORK\n');
  assert.equal(fs.readFileSync(config, 'utf8'), '[profile work]\nregion = eu-west-1\n');
  assert.equal(fs.existsSync(path.join(dir, 'home')), false);
});

test('a first write creates ~/.aws (0700) and the file (0600); read and readSync see it', async (t) => {
  const dir = tempDir(t);
  const store = storeIn(dir);
  assert.equal(await store.read('credentials'), undefined);
  assert.equal(store.readSync('config'), undefined);

  const result = await store.update('credentials', (doc) => {
    doc.setKeys('default', { aws_access_key_id: 'AKIA1', aws_secret_access_key: 'secret1' });
  });
  assert.deepEqual(result, { changed: true });
  if (process.platform !== 'win32') {
    assert.equal(fs.statSync(path.join(dir, '.aws')).mode & 0o777, 0o700);
    assert.equal(fs.statSync(store.credentialsPath).mode & 0o777, 0o600);
  }
  assert.equal((await store.read('credentials'))?.get('default', 'aws_access_key_id'), 'AKIA1');
  assert.equal(store.readSync('credentials')?.get('default', 'aws_secret_access_key'), 'secret1');
  assert.deepEqual(tempFilesIn(path.join(dir, '.aws')), []);
  assert.equal(fs.existsSync(`${store.credentialsPath}.lock`), false);
});

test(
  'a rewritten file is mode 0600 even if it was 0644, whatever the umask',
  { skip: process.platform === 'win32' },
  async (t) => {
    const dir = tempDir(t);
    const store = storeIn(dir);
    fs.mkdirSync(path.join(dir, '.aws'));
    fs.writeFileSync(store.credentialsPath, '[default]\nregion = us-east-1\n', { mode: 0o644 });
    fs.chmodSync(store.credentialsPath, 0o644);
    const previousUmask = process.umask(0o000);
    try {
      await store.update('credentials', (doc) => doc.setKeys('default', { region: 'eu-west-1' }));
    } finally {
      process.umask(previousUmask);
    }
    assert.equal(fs.statSync(store.credentialsPath).mode & 0o777, 0o600);
    assert.equal(fs.readFileSync(store.credentialsPath, 'utf8'), '[default]\nregion = eu-west-1\n');
  },
);

test('an edit that changes nothing writes nothing; returning false writes nothing', async (t) => {
  const dir = tempDir(t);
  const store = storeIn(dir);
  fs.mkdirSync(path.join(dir, '.aws'));
  const original = '# mine\r\n[default]\r\nregion=us-east-1\r\n';
  fs.writeFileSync(store.configPath, original);
  const before = fs.statSync(store.configPath);

  assert.deepEqual(await store.update('config', (doc) => doc.setKeys('default', { region: 'us-east-1' })), {
    changed: false,
  });
  assert.deepEqual(
    await store.update('config', (doc) => {
      doc.setKeys('default', { region: 'somewhere-else' });
      return false;
    }),
    { changed: false },
  );
  const after = fs.statSync(store.configPath);
  assert.equal(after.ino, before.ino);
  assert.equal(after.mtimeMs, before.mtimeMs);
  assert.equal(fs.readFileSync(store.configPath, 'utf8'), original);

  // An edit of a file that does not exist yet and adds nothing must not create it either.
  assert.deepEqual(await store.update('credentials', () => undefined), { changed: false });
  assert.equal(fs.existsSync(store.credentialsPath), false);
});

test('update refuses an async edit function', async (t) => {
  const store = storeIn(tempDir(t));
  await assert.rejects(
    store.update('credentials', (async () => {}) as unknown as () => void),
    (error: unknown) => isMfaTrayError(error, 'internal'),
  );
  assert.equal(fs.existsSync(store.credentialsPath), false);
});

test(
  'a symlinked credentials file stays a symlink and its target gets the new content',
  { skip: process.platform === 'win32' },
  async (t) => {
    const dir = tempDir(t);
    const store = storeIn(dir);
    const dotfiles = path.join(dir, 'dotfiles');
    fs.mkdirSync(dotfiles);
    fs.mkdirSync(path.join(dir, '.aws'));
    const target = path.join(dotfiles, 'aws-credentials');
    fs.writeFileSync(target, '[default]\naws_access_key_id = OLD\n', { mode: 0o600 });
    fs.symlinkSync(path.relative(path.join(dir, '.aws'), target), store.credentialsPath);

    await store.update('credentials', (doc) => doc.setKeys('default', { aws_access_key_id: 'NEW' }));

    assert.ok(fs.lstatSync(store.credentialsPath).isSymbolicLink());
    assert.equal(fs.readFileSync(target, 'utf8'), '[default]\naws_access_key_id = NEW\n');
    assert.deepEqual(tempFilesIn(path.join(dir, '.aws')), []);
    assert.deepEqual(tempFilesIn(dotfiles), []);

    // A dangling symlink: the target is created, the link kept.
    fs.rmSync(target);
    await store.update('credentials', (doc) => doc.setKeys('default', { aws_access_key_id: 'AGAIN' }));
    assert.ok(fs.lstatSync(store.credentialsPath).isSymbolicLink());
    assert.equal(fs.readFileSync(target, 'utf8'), '[default]\naws_access_key_id = AGAIN\n');
  },
);

test('an unparseable file is refused with its path and line, and left byte-identical', async (t) => {
  const dir = tempDir(t);
  const store = storeIn(dir);
  fs.mkdirSync(path.join(dir, '.aws'));
  const original = Buffer.from(
    '[default]\r\naws_access_key_id = A\r\n\r\ngarbage without equals\r\n[other]\r\nx=1',
  );
  fs.writeFileSync(store.credentialsPath, original, { mode: 0o640 });
  const before = fs.statSync(store.credentialsPath);
  let editCalled = false;

  await assert.rejects(
    store.update('credentials', (doc) => {
      editCalled = true;
      doc.setKeys('default', { aws_access_key_id: 'B' });
    }),
    (error: unknown) => {
      assert.ok(isMfaTrayError(error, 'aws-file-unparseable'));
      assert.equal(error.details.path, store.credentialsPath);
      assert.equal(error.details.line, 4);
      assert.match(error.message, /line 4/);
      assert.ok(error.message.includes(store.credentialsPath));
      return true;
    },
  );
  assert.equal(editCalled, false);
  assert.deepEqual(fs.readFileSync(store.credentialsPath), original);
  const after = fs.statSync(store.credentialsPath);
  assert.equal(after.ino, before.ino);
  assert.equal(after.mode, before.mode);
  assert.deepEqual(tempFilesIn(path.join(dir, '.aws')), []);
  assert.equal(fs.existsSync(`${store.credentialsPath}.lock`), false);

  // Reading stays possible, for lookups.
  const doc = await store.read('credentials');
  assert.equal(doc?.get('default', 'aws_access_key_id'), 'A');
  assert.equal(doc?.editable, false);
});

test('a file that is not UTF-8 is refused, naming the line', async (t) => {
  const dir = tempDir(t);
  const store = storeIn(dir);
  fs.mkdirSync(path.join(dir, '.aws'));
  const original = Buffer.concat([
    Buffer.from('[default]\n# caf'),
    Buffer.from([0xe9]),
    Buffer.from('\nx = 1\n'),
  ]);
  fs.writeFileSync(store.configPath, original);
  await assert.rejects(
    store.update('config', (doc) => doc.setKeys('default', { region: 'eu-west-1' })),
    (error: unknown) => isMfaTrayError(error, 'aws-file-unparseable') && error.details.line === 2,
  );
  assert.deepEqual(fs.readFileSync(store.configPath), original);
});

test('a lock held by a live writer gives aws-file-conflict; a stale one is taken over', async (t) => {
  const dir = tempDir(t);
  const store = storeIn(dir, { lockTimeoutMs: 300, lockStaleMs: 2000 });
  fs.mkdirSync(path.join(dir, '.aws'));
  fs.writeFileSync(store.credentialsPath, '[default]\nx = 1\n');
  const lockDir = `${store.credentialsPath}.lock`;

  fs.mkdirSync(lockDir);
  await assert.rejects(
    store.update('credentials', (doc) => doc.setKeys('default', { x: '2' })),
    (error: unknown) => {
      assert.ok(isMfaTrayError(error, 'aws-file-conflict'));
      assert.match(error.message, /Another program/);
      assert.equal(error.details.path, store.credentialsPath);
      return true;
    },
  );
  assert.equal(fs.readFileSync(store.credentialsPath, 'utf8'), '[default]\nx = 1\n');

  // What a crashed holder leaves: a lock nobody has refreshed for longer than the stale time.
  const longAgo = new Date(Date.now() - 60_000);
  fs.utimesSync(lockDir, longAgo, longAgo);
  await store.update('credentials', (doc) => doc.setKeys('default', { x: '2' }));
  assert.equal(fs.readFileSync(store.credentialsPath, 'utf8'), '[default]\nx = 2\n');
  assert.equal(fs.existsSync(lockDir), false);
});

test('our stale temp files (writer gone, or older than an hour) are removed by the next write; other files are not', async (t) => {
  const dir = tempDir(t);
  const store = storeIn(dir);
  const awsDir = path.join(dir, '.aws');
  fs.mkdirSync(awsDir);
  // 99999999 is above Linux's pid_max, so no process has it; pid 1 always runs.
  const stale = ['.credentials.mfa-tray-99999999-0a1b2c.tmp', '.credentials.mfa-tray-1-ffffff.tmp'];
  const others = [
    '.credentials.swp',
    'credentials.bak',
    '.config.mfa-tray-99999999-0a1b2c.tmp',
    '.credentials.tmp',
    // A live writer's fresh temp file may be a write in progress.
    '.credentials.mfa-tray-1-eeeeee.tmp',
  ];
  for (const name of [...stale, ...others]) fs.writeFileSync(path.join(awsDir, name), 'partial');
  const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
  fs.utimesSync(path.join(awsDir, '.credentials.mfa-tray-1-ffffff.tmp'), twoHoursAgo, twoHoursAgo);

  await store.update('credentials', (doc) => doc.setKeys('default', { region: 'eu-west-1' }));
  for (const name of stale) assert.equal(fs.existsSync(path.join(awsDir, name)), false, name);
  for (const name of others) assert.equal(fs.readFileSync(path.join(awsDir, name), 'utf8'), 'partial', name);
});

test('concurrent updates in one process all land', async (t) => {
  const store = storeIn(tempDir(t));
  await Promise.all(
    Array.from({ length: 40 }, (_, i) =>
      store.update('credentials', (doc) => {
        doc.setKeys(`profile-${i % 4}`, { [`key_${i}`]: String(i) });
        doc.setKeys('shared', { counter: String(Number(doc.get('shared', 'counter') ?? '0') + 1) });
      }),
    ),
  );
  const doc = await store.read('credentials');
  assert.equal(doc?.get('shared', 'counter'), '40');
  for (let i = 0; i < 40; i++) assert.equal(doc?.get(`profile-${i % 4}`, `key_${i}`), String(i));
});

test(
  'two writer processes updating different sections of one file lose nothing',
  { timeout: 60_000 },
  async (t) => {
    const dir = tempDir(t);
    const file = path.join(dir, 'credentials');
    fs.writeFileSync(file, '# two writers\n[default]\nregion = us-east-1\n');
    const count = 100;
    const writers = [
      new Writer(['increment', file, 'alpha', String(count)]),
      new Writer(['increment', file, 'beta', String(count)]),
    ];
    t.after(() => writers.forEach((writer) => writer.child.kill('SIGKILL')));
    await Promise.all(writers.map((writer) => writer.waitFor('ready')));
    writers.forEach((writer) => writer.go());
    await Promise.all(writers.map((writer) => writer.waitFor('done')));
    const exits = await Promise.all(writers.map((writer) => writer.exited));
    assert.deepEqual(exits, [
      { code: 0, signal: null },
      { code: 0, signal: null },
    ]);

    const doc = parseIni(fs.readFileSync(file, 'utf8'));
    assert.equal(doc.get('alpha', 'counter'), String(count));
    assert.equal(doc.get('beta', 'counter'), String(count));
    // Both processes also bumped [shared] on every update: a lost update would show here.
    assert.equal(doc.get('shared', 'counter'), String(2 * count));
    assert.equal(doc.get('default', 'region'), 'us-east-1');
    assert.ok(fs.readFileSync(file, 'utf8').startsWith('# two writers\n[default]\nregion = us-east-1\n'));
  },
);

test('kill -9 at random moments never leaves a partial file', { timeout: 120_000 }, async (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'credentials');
  const lockDir = `${file}.lock`;
  fs.writeFileSync(file, churnFile(0));

  const targetKills = 300;
  // Each kill costs a fresh `node` (~0.1 s compiled, ~0.3 s under tsx), so a busy machine or a tsx run
  // stops at the time budget with fewer kills (it reports how many).
  const started = Date.now();
  const deadline = started + 25_000;
  const spares: Writer[] = [];
  t.after(() => spares.forEach((writer) => writer.child.kill('SIGKILL')));
  const refill = (): void => {
    while (spares.length < 2) spares.push(new Writer(['churn', file]));
  };

  let kills = 0;
  let killsLeavingTempFiles = 0;
  let generation = 0;
  let leftBehind: string[] = [];
  let totalFirstUpdateMs = 0;
  while (kills < targetKills && Date.now() < deadline) {
    refill();
    const writer = spares.shift() as Writer;
    refill();
    await writer.waitFor('ready');
    writer.go();
    const firstUpdateMs = Number((await writer.waitFor('wrote')).split(' ')[1]);
    for (const name of leftBehind) {
      assert.equal(fs.existsSync(path.join(dir, name)), false, `stale temp file ${name} survived a write`);
    }

    // Anywhere in the next update (warm, so quicker than the first): lock, read, parse, temp write,
    // fsync, rename, unlock.
    await sleep(Math.random() * firstUpdateMs);
    totalFirstUpdateMs += firstUpdateMs;
    writer.child.kill('SIGKILL');
    const exit = await writer.exited;
    assert.equal(exit.signal, 'SIGKILL', 'the writer should still have been running');
    kills++;

    const text = fs.readFileSync(file, 'utf8');
    const doc = parseIni(text);
    assert.deepEqual(doc.problems, [], `after kill ${kills} the file does not parse`);
    const written = Number(doc.get('profile-0', 'generation'));
    assert.ok(
      written > generation,
      `after kill ${kills}: generation ${written} did not advance past ${generation}`,
    );
    assert.ok(text === churnFile(written), `after kill ${kills}: the file is not a complete version`);
    generation = written;

    leftBehind = tempFilesIn(dir);
    if (leftBehind.length > 0) killsLeavingTempFiles++;
    // The dead writer's lock would be taken over once stale (seconds); the stale-lock test covers that.
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
  for (const writer of spares.splice(0)) {
    writer.child.kill('SIGKILL');
    await writer.exited;
  }

  t.diagnostic(
    `${kills} kills, ${killsLeavingTempFiles} mid-write (a temp file left), ${generation} generations, ` +
      `first update ${Math.round(totalFirstUpdateMs / kills)} ms on average, ${Date.now() - started} ms`,
  );
  assert.ok(kills >= 30, `only ${kills} kills in the time budget`);
  assert.ok(
    killsLeavingTempFiles > 0,
    'no kill landed mid-write; the test did not exercise the atomic write',
  );

  // The next ordinary write cleans up after the last kill.
  const store = new AwsFilesStore({ credentialsPath: file, configPath: `${file}.config` });
  await store.update('credentials', (doc) => doc.setKeys('profile-1', { region: 'eu-west-1' }));
  assert.deepEqual(tempFilesIn(dir), []);
  assert.equal(CHURN_SECTIONS, parseIni(fs.readFileSync(file, 'utf8')).sectionNames().length);
});
