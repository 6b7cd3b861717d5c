/**
 * Fault tests for the core's multi-step operations (issue 8): a locked or missing keychain, concurrent
 * writers, a server that never answers, kill -9 between any two steps, a full disk, and the small input
 * faults. Everything runs through the CLI as a user runs it: real keychain (throwaway gnome-keyring), real
 * files in a temp HOME, moto behind the MFA-validating layer.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createUser, type TestUser } from '../support/aws-test-env';
import { useAwsSuite } from '../support/aws-suite';
import { cliArgv, run, Sandbox, uniqueName, type RunResult } from '../support/cli-sandbox';
import { freshCode } from '../support/mfa-codes';

const { aws, sandbox } = useAwsSuite();
const repoRoot = path.resolve(__dirname, '..', '..', '..');

function newUser(prefix = 'fault'): Promise<TestUser> {
  return createUser(aws, uniqueName(prefix));
}

const USER_CREDENTIALS =
  '# mine\r\n[default]\r\naws_access_key_id = AKIADEFAULTEXAMPLE00\r\naws_secret_access_key=defaultSecretExample0000000000000000000\r\n';
const USER_CONFIG = '[default]\nregion = eu-central-1\n# keep me\n[profile other]\nregion=ap-northeast-1\n';

function writeUserFiles(s: Sandbox): void {
  fs.writeFileSync(s.credentialsPath, USER_CREDENTIALS, { mode: 0o600 });
  fs.writeFileSync(s.configPath, USER_CONFIG, { mode: 0o600 });
}

/** The user's bytes are all there; only our (appended, now removed) section's line break may remain. */
function assertUserBytesOnly(actual: string, original: string, what: string): void {
  assert.ok(actual.startsWith(original), `${what} keeps every byte the user had`);
  assert.match(actual.slice(original.length), /^(\r?\n)*$/, `${what} holds nothing of ours`);
}

function assertAwsFilesAsUserHadThem(s: Sandbox): void {
  assertUserBytesOnly(fs.readFileSync(s.credentialsPath, 'utf8'), USER_CREDENTIALS, 'credentials');
  assertUserBytesOnly(fs.readFileSync(s.configPath, 'utf8'), USER_CONFIG, 'config');
}

/** Files under HOME that a write or a lock left behind. */
function leftovers(s: Sandbox): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (/\.lock$|\.tmp$/.test(entry.name)) found.push(path.relative(s.home, full));
      if (entry.isDirectory()) walk(full);
    }
  };
  walk(s.home);
  return found;
}

/**
 * What the keychain holds for `name` in this sandbox, read by a separate process (a keyring daemon replaced
 * by the lock test would leave an in-process keytar talking to the old one).
 */
async function keychainOf(
  s: Sandbox,
  name: string,
): Promise<{ base: string | null; session: string | null; seed: string | null }> {
  const script = `
    const keytar = require(${JSON.stringify(path.join(repoRoot, 'node_modules', 'keytar'))});
    const { keychainServiceName } = require(${JSON.stringify(path.join(repoRoot, 'dist', 'src', 'core', 'keychain', 'index.js'))});
    const service = keychainServiceName(process.env);
    const name = process.argv[1];
    Promise.all(['base-keys', 'session', 'mfa-seed'].map((k) => keytar.getPassword(service, name + '/' + k)))
      .then(([base, session, seed]) => process.stdout.write(JSON.stringify({ base, session, seed })));`;
  const r = await run(process.execPath, ['-e', script, name], s.env);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as { base: string | null; session: string | null; seed: string | null };
}

async function statusOf(s: Sandbox): Promise<{ name: string; state: string; expiresAt: string | null }[]> {
  const r = await s.cli(['status', '--json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as { name: string; state: string; expiresAt: string | null }[];
}

function fakeKeys(i: number): { id: string; secret: string } {
  return {
    id: `AKIAFAKE${String(i).padStart(12, '0')}`,
    secret: `fakeSecret${String(i).padStart(30, '0')}`,
  };
}

const FAKE_SERIAL = 'arn:aws:iam::123456789012:mfa/fake-device';

async function addProfile(
  s: Sandbox,
  name: string,
  keys: { id: string; secret: string },
  extra: string[] = [],
): Promise<RunResult> {
  return s.cli(['profile', 'add', name, '--access-key-id', keys.id, ...extra], { input: keys.secret });
}

async function addAndLogin(s: Sandbox, user: TestUser, name = 'work'): Promise<void> {
  const add = await addProfile(s, name, { id: user.accessKeyId, secret: user.secretAccessKey }, [
    '--mfa-serial',
    user.serialNumber!,
  ]);
  assert.equal(add.code, 0, add.stderr);
  const login = await s.cli(['login', name, '--code', await freshCode(user)]);
  assert.equal(login.code, 0, login.stderr);
}

// ---- defect 1: a locked keychain ---------------------------------------------------------------------------

const LOCKED =
  'mfa-tray: The OS keychain is locked. Unlock your login keyring (log in to the desktop, or open "Passwords and Keys") and try again.\n';

function lockKeyring(): void {
  const r = spawnSync(
    'gdbus',
    [
      'call',
      '--session',
      '--dest',
      'org.freedesktop.secrets',
      '--object-path',
      '/org/freedesktop/secrets',
      '--method',
      'org.freedesktop.Secret.Service.Lock',
      "['/org/freedesktop/secrets/collection/login']",
    ],
    { encoding: 'utf8', timeout: 10_000 },
  );
  assert.equal(r.status, 0, r.stderr);
}

/**
 * The throwaway keyring's daemon, replaced by one that unlocks it with its password (what a desktop login
 * does); the keyring's items are on disk, so they survive.
 */
async function unlockKeyring(s: Sandbox): Promise<void> {
  spawnSync('gnome-keyring-daemon', ['--replace', '--unlock', '--components=secrets'], {
    input: 'throwaway',
    env: { ...process.env, HOME: process.env.KEYRING_HOME },
    stdio: ['pipe', 'ignore', 'ignore'],
    timeout: 10_000,
  });
  for (let i = 0; i < 50; i++) {
    if ((await s.cli(['credential-process', 'nobody'])).stderr !== LOCKED) return;
    await sleep(100);
  }
  assert.fail('the keyring did not come back unlocked');
}

function canLockKeyring(t: TestContext): boolean {
  if (process.env.MFA_TRAY_USE_SESSION_KEYRING === '1' || !process.env.KEYRING_HOME) {
    t.skip('needs the throwaway keyring of scripts/with-keyring.sh (will not lock a real keyring)');
    return false;
  }
  return true;
}

test(
  'locked keychain: logout, profile remove, login, credential-process and profile add say "locked" and change nothing',
  { timeout: 60_000 },
  async (t) => {
    if (!canLockKeyring(t)) return;
    const s = sandbox();
    writeUserFiles(s);
    const user = await newUser();
    await addAndLogin(s, user);
    const before = s.snapshot();
    const keychainBefore = await keychainOf(s, 'work');
    assert.ok(keychainBefore.base && keychainBefore.session);

    lockKeyring();
    try {
      const other = fakeKeys(1);
      for (const [args, input] of [
        [['logout', 'work']],
        [['profile', 'remove', 'work', '--yes']],
        [['login', 'work', '--code', '123456']],
        [['credential-process', 'work']],
        [['profile', 'add', 'other', '--access-key-id', other.id, '--mfa-serial', FAKE_SERIAL], other.secret],
      ] as [string[], string?][]) {
        const r = await s.cli(args, { input });
        assert.equal(r.code, 1, `${args.join(' ')}: ${r.stdout}`);
        assert.equal(r.stdout, '', args.join(' '));
        assert.equal(r.stderr, LOCKED, args.join(' '));
      }
      // status reads no secret: it still answers, and still says what is true.
      assert.equal((await statusOf(s))[0]?.state, 'valid');
      assert.deepEqual(s.snapshot(), before, 'no byte of any file changed');
    } finally {
      await unlockKeyring(s);
    }

    assert.deepEqual(await keychainOf(s, 'work'), keychainBefore, 'nothing was deleted from the keychain');
    assert.equal((await s.cli(['credential-process', 'work'])).code, 0);
    const remove = await s.cli(['profile', 'remove', 'work', '--yes']);
    assert.equal(remove.code, 0, remove.stderr);
    assert.deepEqual(await keychainOf(s, 'work'), { base: null, session: null, seed: null });
    assertAwsFilesAsUserHadThem(s);
  },
);

test(
  'no Secret Service: every command that needs the keychain says "unavailable" and changes nothing',
  { timeout: 60_000 },
  async () => {
    const s = sandbox();
    writeUserFiles(s);
    const keys = fakeKeys(2);
    assert.equal((await addProfile(s, 'work', keys, ['--mfa-serial', FAKE_SERIAL])).code, 0);
    const before = s.snapshot();
    const noBus = { DBUS_SESSION_BUS_ADDRESS: `unix:path=${path.join(s.home, 'no-such-bus')}` };
    const other = fakeKeys(3);
    for (const [args, input] of [
      [['logout', 'work']],
      [['profile', 'remove', 'work', '--yes']],
      [['login', 'work', '--code', '123456']],
      [['credential-process', 'work']],
      [['profile', 'add', 'other', '--access-key-id', other.id, '--mfa-serial', FAKE_SERIAL], other.secret],
    ] as [string[], string?][]) {
      const r = await s.cli(args, { input, env: noBus });
      assert.equal(r.code, 1, args.join(' '));
      assert.equal(
        r.stderr,
        'mfa-tray: The OS keychain is not available (Could not connect: No such file or directory). Start and unlock a Secret Service keyring (GNOME Keyring, KWallet or KeePassXC with Secret Service enabled) in your desktop session, then try again.\n',
        args.join(' '),
      );
    }
    assert.deepEqual(s.snapshot(), before, 'no byte of any file changed');
    assert.equal(
      (await keychainOf(s, 'work')).base,
      JSON.stringify({ accessKeyId: keys.id, secretAccessKey: keys.secret }),
    );
  },
);

// ---- defects 2 and 3: concurrent writers -------------------------------------------------------------------

test(
  '8 concurrent `profile add` of one name: one wins with its keys, the others fail cleanly',
  { timeout: 60_000 },
  async () => {
    const s = sandbox();
    writeUserFiles(s);
    const keys = Array.from({ length: 8 }, (_, i) => fakeKeys(100 + i));
    const results = await Promise.all(
      keys.map((k) => addProfile(s, 'same', k, ['--mfa-serial', FAKE_SERIAL])),
    );
    const winners = results.flatMap((r, i) => (r.code === 0 ? [i] : []));
    assert.equal(winners.length, 1, results.map((r) => r.stderr).join(''));
    const winner = keys[winners[0]];
    for (const r of results.filter((x) => x.code !== 0)) {
      assert.equal(r.code, 1);
      assert.equal(
        r.stderr,
        'mfa-tray: An mfa-tray profile named "same" already exists. Remove it first with `mfa-tray profile remove same`, or pick another name.\n',
      );
    }
    assert.equal(
      (await keychainOf(s, 'same')).base,
      JSON.stringify({ accessKeyId: winner.id, secretAccessKey: winner.secret }),
      "the winner's keys are in the keychain",
    );
    const listed = JSON.parse((await s.cli(['profile', 'list', '--json'])).stdout) as {
      accessKeyIdSuffix: string;
    }[];
    assert.deepEqual(
      listed.map((p) => p.accessKeyIdSuffix),
      [winner.id.slice(-4)],
    );
    assert.equal(fs.readFileSync(s.credentialsPath, 'utf8'), USER_CREDENTIALS);
    assert.deepEqual(leftovers(s), []);
  },
);

test(
  '8 concurrent `profile add s$i --target shared`: exactly one succeeds',
  { timeout: 60_000 },
  async () => {
    const s = sandbox();
    writeUserFiles(s);
    const keys = Array.from({ length: 8 }, (_, i) => fakeKeys(200 + i));
    const results = await Promise.all(
      keys.map((k, i) => addProfile(s, `s${i}`, k, ['--mfa-serial', FAKE_SERIAL, '--target', 'shared'])),
    );
    const winners = results.flatMap((r, i) => (r.code === 0 ? [i] : []));
    assert.equal(winners.length, 1, results.map((r) => r.stderr).join(''));
    const configPath = s.configPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    for (const r of results.filter((x) => x.code !== 0)) {
      assert.equal(r.code, 1);
      assert.match(
        r.stderr,
        new RegExp(
          `^mfa-tray: The AWS profile "shared" (is already used by mfa-tray profile "s${winners[0]}"|already exists in ${configPath}; mfa-tray will not take it over)\\. Choose another target profile\\.\\n$`,
        ),
      );
    }
    const status = await statusOf(s);
    assert.deepEqual(
      status.map((p) => p.name),
      [`s${winners[0]}`],
    );
    for (let i = 0; i < 8; i++) {
      assert.equal((await keychainOf(s, `s${i}`)).base === null, i !== winners[0], `keychain of s${i}`);
    }
    const config = fs.readFileSync(s.configPath, 'utf8');
    assert.equal(config.split('[profile shared]').length - 1, 1);
    assert.ok(config.startsWith(USER_CONFIG));
  },
);

// ---- defect 4: a server that never answers -----------------------------------------------------------------

async function hangingServer(
  onConnection: (socket: net.Socket) => void,
): Promise<{ url: string; close: () => void }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

/** The CLI, killed if it runs longer than `limitMs` (today's main waits forever on a silent server). */
function cliWithin(
  s: Sandbox,
  args: string[],
  env: NodeJS.ProcessEnv,
  limitMs: number,
  input = '',
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...cliArgv, ...args], {
      env: { ...s.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: limitMs,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, pid: child.pid }));
    child.stdin.end(input);
  });
}

const SILENT = (): void => undefined;
const HEADERS_THEN_STALL = (socket: net.Socket): void => {
  socket.once('data', () =>
    socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 5000\r\n\r\n<GetSessionToken'),
  );
};

for (const [label, behaviour] of [
  ['accepts and never answers', SILENT],
  ['sends headers, then stalls', HEADERS_THEN_STALL],
] as const) {
  test(
    `a server that ${label}: login and serial discovery end in bounded time, naming the endpoint`,
    { timeout: 60_000 },
    async () => {
      const server = await hangingServer(behaviour);
      try {
        const s = sandbox();
        writeUserFiles(s);
        const keys = fakeKeys(300);
        assert.equal((await addProfile(s, 'work', keys, ['--mfa-serial', FAKE_SERIAL])).code, 0);
        const before = s.snapshot();
        const env = {
          AWS_ENDPOINT_URL: server.url,
          MFA_TRAY_NETWORK_TIMEOUT_MS: '1500',
          MFA_TRAY_CONNECT_TIMEOUT_MS: '1000',
        };
        const hint = 'Check your network connection (and proxy/VPN), then try again.';

        let started = Date.now();
        const login = await cliWithin(s, ['login', 'work', '--code', '123456'], env, 15_000);
        assert.ok(Date.now() - started < 10_000, `login took ${Date.now() - started} ms`);
        assert.equal(login.code, 1);
        assert.equal(
          login.stderr,
          `mfa-tray: Logging in: ${server.url} did not answer within 1.5 s. ${hint}\n`,
        );
        assert.deepEqual(s.snapshot(), before, 'a failed login changes no file');

        const other = fakeKeys(301);
        started = Date.now();
        const addEnv = await cliWithin(
          s,
          ['profile', 'add', 'disc', '--access-key-id', other.id],
          env,
          20_000,
          other.secret,
        );
        assert.ok(Date.now() - started < 20_000, `discovery took ${Date.now() - started} ms`);
        assert.equal(addEnv.code, 1);
        assert.equal(
          addEnv.stderr,
          `mfa-tray: Checking the access key: ${server.url} did not answer within 1.5 s. ${hint}\n`,
        );
        assert.deepEqual(
          (await statusOf(s)).map((p) => p.name),
          ['work'],
        );
        assert.equal((await keychainOf(s, 'disc')).base, null);
      } finally {
        server.close();
      }
    },
  );
}

// ---- defect 8: kill -9 between any two steps ---------------------------------------------------------------

/** Runs the CLI until it reaches `step` (a test-only pause point), then kill -9s it there. */
async function killAt(s: Sandbox, args: string[], step: string, input?: string): Promise<void> {
  const marker = path.join(path.dirname(s.home), `${path.basename(s.home)}.paused`);
  fs.rmSync(marker, { force: true });
  const child = spawn(process.execPath, [...cliArgv, ...args], {
    env: { ...s.env, MFA_TRAY_TEST_PAUSE_AT: step, MFA_TRAY_TEST_PAUSE_MARKER: marker },
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin.end(input ?? '');
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const deadline = Date.now() + 30_000;
  while (!fs.existsSync(marker)) {
    if (child.exitCode !== null) assert.fail(`${args.join(' ')} ended before ${step}: ${stderr}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      assert.fail(`${args.join(' ')} never reached ${step}`);
    }
    await sleep(20);
  }
  child.kill('SIGKILL');
  await exited;
  fs.rmSync(marker, { force: true });
}

test('kill -9 at every step of profile add: the next command undoes it', { timeout: 60_000 }, async () => {
  for (const step of ['add:reserved', 'add:keys-stored', 'add:delivered']) {
    const s = sandbox();
    writeUserFiles(s);
    const keys = fakeKeys(400);
    await killAt(
      s,
      ['profile', 'add', 'work', '--access-key-id', keys.id, '--mfa-serial', FAKE_SERIAL],
      step,
      keys.secret,
    );
    assert.deepEqual(await statusOf(s), [], step);
    assert.deepEqual(await keychainOf(s, 'work'), { base: null, session: null, seed: null }, step);
    assert.equal(fs.readFileSync(s.credentialsPath, 'utf8'), USER_CREDENTIALS, step);
    assertUserBytesOnly(fs.readFileSync(s.configPath, 'utf8'), USER_CONFIG, step);
    assert.deepEqual(leftovers(s), [], step);
    // And the name is free again.
    assert.equal((await addProfile(s, 'work', keys, ['--mfa-serial', FAKE_SERIAL])).code, 0, step);
  }
});

test(
  'kill -9 at every step of login: status, keychain and AWS files agree',
  { timeout: 60_000 },
  async () => {
    const loginSteps = [
      ['login:marked', 'none'],
      ['login:keychain', 'valid'],
      ['login:delivered', 'valid'],
    ] as const;
    const users = await Promise.all(loginSteps.map(() => newUser()));

    for (const [step, expected] of loginSteps) {
      const s = sandbox();
      writeUserFiles(s);
      const user = users.pop()!;
      const add = await addProfile(s, 'work', { id: user.accessKeyId, secret: user.secretAccessKey }, [
        '--mfa-serial',
        user.serialNumber!,
      ]);
      assert.equal(add.code, 0, add.stderr);
      await killAt(s, ['login', 'work', '--code', await freshCode(user)], step);
      const [status] = await statusOf(s);
      assert.equal(status?.state, expected, step);
      const keychain = await keychainOf(s, 'work');
      const credentials = fs.readFileSync(s.credentialsPath, 'utf8');
      if (expected === 'none') {
        assert.equal(keychain.session, null, step);
        assert.equal(credentials, USER_CREDENTIALS, step);
        assert.equal((await s.cli(['credential-process', 'work'])).code, 1, step);
      } else {
        const session = JSON.parse(keychain.session!) as { accessKeyId: string; expiration: string };
        assert.equal(status?.expiresAt, session.expiration, step);
        assert.ok(credentials.startsWith(USER_CREDENTIALS), step);
        assert.ok(credentials.includes(`[work-mfa]\r\naws_access_key_id = ${session.accessKeyId}\r\n`), step);
        const processOut = await s.cli(['credential-process', 'work']);
        assert.equal(
          (JSON.parse(processOut.stdout) as { AccessKeyId: string }).AccessKeyId,
          session.accessKeyId,
        );
      }
      assert.deepEqual(leftovers(s), [], step);
    }
  },
);

test('kill -9 at every step of logout: the next command finishes it', { timeout: 60_000 }, async () => {
  const logoutSteps = ['logout:marked', 'logout:keychain', 'logout:file'];
  const users = await Promise.all(logoutSteps.map(() => newUser()));
  for (const step of logoutSteps) {
    const s = sandbox();
    writeUserFiles(s);
    await addAndLogin(s, users.pop()!);
    await killAt(s, ['logout', 'work'], step);
    assert.equal((await statusOf(s))[0]?.state, 'none', step);
    const keychain = await keychainOf(s, 'work');
    assert.equal(keychain.session, null, step);
    assert.notEqual(keychain.base, null, step);
    // The session is gone from the credentials file; the profile's config section stays.
    assertUserBytesOnly(fs.readFileSync(s.credentialsPath, 'utf8'), USER_CREDENTIALS, step);
    const processOut = await s.cli(['credential-process', 'work']);
    assert.equal(
      processOut.stderr,
      'mfa-tray: profile "work" has no session. Run: mfa-tray login work\n',
      step,
    );
    assert.deepEqual(leftovers(s), [], step);
  }
});

test(
  'kill -9 at every step of profile remove: the next command finishes it',
  { timeout: 60_000 },
  async () => {
    const removeSteps = ['remove:marked', 'remove:keychain', 'remove:files'];
    const users = await Promise.all(removeSteps.map(() => newUser()));
    for (const step of removeSteps) {
      const s = sandbox();
      writeUserFiles(s);
      await addAndLogin(s, users.pop()!);
      await killAt(s, ['profile', 'remove', 'work', '--yes'], step);
      assert.deepEqual(await statusOf(s), [], step);
      assert.deepEqual(await keychainOf(s, 'work'), { base: null, session: null, seed: null }, step);
      assertAwsFilesAsUserHadThem(s);
      assert.deepEqual(leftovers(s), [], step);
    }
  },
);

const PLAIN = fakeKeys(500);
const IMPORT_CREDENTIALS = `${USER_CREDENTIALS}[imp]\r\naws_access_key_id = ${PLAIN.id}\r\naws_secret_access_key = ${PLAIN.secret}\r\n`;

test(
  'kill -9 at every step of profile import --scrub: undone before the scrub, finished after it',
  { timeout: 60_000 },
  async () => {
    for (const [step, finished] of [
      ['add:reserved', false],
      ['add:keys-stored', false],
      ['add:delivered', false],
      ['import:before-scrub', false],
      ['import:scrubbed', true],
    ] as const) {
      const s = sandbox();
      writeUserFiles(s);
      fs.writeFileSync(s.credentialsPath, IMPORT_CREDENTIALS);
      await killAt(s, ['profile', 'import', 'imp', '--scrub', '--mfa-serial', FAKE_SERIAL], step);
      const status = await statusOf(s);
      const keychain = await keychainOf(s, 'imp');
      if (finished) {
        assert.deepEqual(
          status.map((p) => p.name),
          ['imp'],
          step,
        );
        assert.equal(keychain.base, JSON.stringify({ accessKeyId: PLAIN.id, secretAccessKey: PLAIN.secret }));
        // The scrubbed section is gone; where it ended the file, the line break before it may go too.
        const trimmed = (text: string) => text.replace(/(\r?\n)+$/, '');
        assert.equal(trimmed(fs.readFileSync(s.credentialsPath, 'utf8')), trimmed(USER_CREDENTIALS), step);
        const backups = fs.readdirSync(path.dirname(s.credentialsPath)).filter((f) => f.includes('backup'));
        assert.equal(backups.length, 1, step);
      } else {
        assert.deepEqual(status, [], step);
        assert.equal(keychain.base, null, step);
        assert.equal(fs.readFileSync(s.credentialsPath, 'utf8'), IMPORT_CREDENTIALS, step);
        assertUserBytesOnly(fs.readFileSync(s.configPath, 'utf8'), USER_CONFIG, step);
      }
      assert.deepEqual(leftovers(s), [], step);
    }
  },
);

test(
  'profile import --scrub on a credentials file that cannot be edited: nothing was changed, really',
  { timeout: 60_000 },
  async () => {
    const s = sandbox();
    writeUserFiles(s);
    const text = `${IMPORT_CREDENTIALS}this line is not ini\r\n`;
    fs.writeFileSync(s.credentialsPath, text);
    const before = s.snapshot();
    const r = await s.cli(['profile', 'import', 'imp', '--scrub', '--mfa-serial', FAKE_SERIAL]);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /^mfa-tray: .*credentials can't be changed safely: line 8 .* Nothing was changed\.\n$/,
    );
    assert.deepEqual(await statusOf(s), []);
    assert.equal((await keychainOf(s, 'imp')).base, null);
    assert.deepEqual(s.snapshot(), before, 'no byte of any file changed');
  },
);

test(
  'full disk during login: status and credential-process agree (no session), and the user files are intact',
  { timeout: 60_000 },
  async (t) => {
    const s = sandbox();
    const awsDir = path.join(s.home, '.aws');
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16k,mode=0700', 'tmpfs', awsDir], {
      encoding: 'utf8',
    });
    if (mounted.status !== 0) {
      t.skip(`cannot mount a small tmpfs here: ${mounted.stderr.trim()}`);
      return;
    }
    try {
      writeUserFiles(s);
      const user = await newUser();
      const add = await addProfile(s, 'work', { id: user.accessKeyId, secret: user.secretAccessKey }, [
        '--mfa-serial',
        user.serialNumber!,
      ]);
      assert.equal(add.code, 0, add.stderr);
      const configAfterAdd = fs.readFileSync(s.configPath);
      // Fill the disk.
      const filler = fs.openSync(path.join(awsDir, 'filler'), 'w');
      try {
        for (;;) fs.writeSync(filler, Buffer.alloc(1024));
      } catch (error) {
        assert.equal((error as NodeJS.ErrnoException).code, 'ENOSPC');
      } finally {
        fs.closeSync(filler);
      }
      const login = await s.cli(['login', 'work', '--code', await freshCode(user)]);
      assert.equal(login.code, 1);
      assert.match(login.stderr, /ENOSPC|no space/i);
      assert.equal((await statusOf(s))[0]?.state, 'none');
      const processOut = await s.cli(['credential-process', 'work']);
      assert.equal(processOut.code, 1);
      assert.equal(processOut.stdout, '');
      assert.equal((await keychainOf(s, 'work')).session, null);
      assert.equal(fs.readFileSync(s.credentialsPath, 'utf8'), USER_CREDENTIALS);
      assert.deepEqual(fs.readFileSync(s.configPath), configAfterAdd);
      assert.deepEqual(leftovers(s), []);
    } finally {
      spawnSync('umount', [awsDir]);
    }
  },
);

// ---- the smaller ones --------------------------------------------------------------------------------------

test(
  'full-width digits are a code: login with １２３４５６-style input works',
  { timeout: 60_000 },
  async () => {
    const s = sandbox();
    const user = await newUser();
    const add = await addProfile(s, 'work', { id: user.accessKeyId, secret: user.secretAccessKey }, [
      '--mfa-serial',
      user.serialNumber!,
    ]);
    assert.equal(add.code, 0, add.stderr);
    const code = await freshCode(user);
    const wide = code.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    const login = await s.cli(['login', 'work', '--code', `${wide.slice(0, 3)}\u3000${wide.slice(3)}`]);
    assert.equal(login.code, 0, login.stderr);
    assert.equal((await statusOf(s))[0]?.state, 'valid');
  },
);

test(
  'the same code for a second profile on the same MFA device: "already used", not "not accepted"',
  { timeout: 60_000 },
  async () => {
    const s = sandbox();
    const user = await newUser();
    for (const name of ['one', 'two']) {
      const add = await addProfile(s, name, { id: user.accessKeyId, secret: user.secretAccessKey }, [
        '--mfa-serial',
        user.serialNumber!,
      ]);
      assert.equal(add.code, 0, add.stderr);
    }
    const code = await freshCode(user);
    assert.equal((await s.cli(['login', 'one', '--code', code])).code, 0);
    const again = await s.cli(['login', 'two', '--code', code]);
    assert.equal(again.code, 1);
    assert.match(
      again.stderr,
      /^mfa-tray: That code was already used; AWS accepts each code only once\. Wait for the next code \(in \d+ s\) and enter that one\.\n$/,
    );
  },
);

test(
  'a 64-character name: its default target is too long, said so; --target makes it work',
  { timeout: 60_000 },
  async () => {
    const s = sandbox();
    writeUserFiles(s);
    const name = `n${'x'.repeat(63)}`;
    const keys = fakeKeys(600);
    const r = await addProfile(s, name, keys, ['--mfa-serial', FAKE_SERIAL]);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      `mfa-tray: The default target AWS profile "${name}…" is longer than 64 characters. Pass --target with a shorter AWS profile name for the sessions, or pick a shorter name.\n`,
    );
    assert.deepEqual(await statusOf(s), []);
    const ok = await addProfile(s, name, keys, ['--mfa-serial', FAKE_SERIAL, '--target', 'long-mfa']);
    assert.equal(ok.code, 0, ok.stderr);
  },
);

test('a 10,000-character name is not echoed back in full', { timeout: 60_000 }, async () => {
  const s = sandbox();
  const name = 'y'.repeat(10_000);
  const keys = fakeKeys(700);
  const add = await addProfile(s, name, keys, ['--mfa-serial', FAKE_SERIAL]);
  assert.equal(add.code, 1);
  assert.equal(
    add.stderr,
    `mfa-tray: "${'y'.repeat(64)}…" is not a valid profile name: use letters, digits and _ . @ + = , - (up to 64, starting with a letter or digit).\n`,
  );
  for (const args of [
    ['logout', name],
    ['login', name, '--code', '123456'],
    ['profile', 'remove', name, '--yes'],
  ]) {
    const r = await s.cli(args);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      `mfa-tray: There is no mfa-tray profile named "${'y'.repeat(64)}…". See \`mfa-tray profile list\`, or add it with \`mfa-tray profile add\`.\n`,
      args[0],
    );
  }
});
