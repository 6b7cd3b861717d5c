/**
 * Fault tests for the file-system side (issue 8, defects 5, 6, 7, 9, 10 and the smaller file items): the
 * built CLI in a sandbox HOME with the real keychain, moto behind the MFA layer where a command reaches
 * AWS, and the real AWS CLI as the judge of what a config file means. Each test asserts the exact outcome
 * and message, and that no byte of the user's files changed.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createUser, type TestUser, unassignedMfaSerials } from '../support/aws-test-env';
import { useAwsSuite } from '../support/aws-suite';
import { cliArgv, type Sandbox, uniqueName, type RunResult } from '../support/cli-sandbox';
import { CodeBook } from '../support/mfa-codes';

const { aws, sandbox, onCleanup } = useAwsSuite();

const FAKE_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const FAKE_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const FAKE_SERIAL = 'arn:aws:iam::123456789012:mfa/fault-phone';
const USER_CREDENTIALS =
  '# mine\n[default]\naws_access_key_id = AKIADEFAULTEXAMPLE00\naws_secret_access_key = defaultSecret\n';
/** What `login work` leaves behind it, as far as this file is concerned. */
const OUR_SECTION =
  '\n[work-mfa]\naws_access_key_id = ASIAEXAMPLE\naws_secret_access_key = s\naws_session_token = t\n';

interface CliResult extends RunResult {
  timedOut: boolean;
  ms: number;
}

/** The CLI with a deadline (a hang fails the test instead of stalling it), optionally under a wrapper. */
function cli(
  s: Sandbox,
  args: string[],
  options: { input?: string; timeoutMs?: number; wrapper?: string[] } = {},
): Promise<CliResult> {
  const wrapper = options.wrapper ?? [];
  const command = wrapper[0] ?? process.execPath;
  const argv = [...wrapper.slice(1), ...(wrapper.length ? [process.execPath] : []), ...cliArgv, ...args];
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { env: s.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 20_000);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, pid: child.pid, timedOut, ms: Date.now() - started });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** A profile "work" (file delivery, target work-mfa) without calling AWS: made-up keys, a given serial. */
async function addFakeProfile(s: Sandbox, extra: string[] = []): Promise<void> {
  const add = await cli(
    s,
    [
      'profile',
      'add',
      'work',
      '--access-key-id',
      FAKE_KEY_ID,
      '--mfa-serial',
      FAKE_SERIAL,
      '--region',
      'eu-west-1',
      ...extra,
    ],
    { input: FAKE_SECRET },
  );
  assert.equal(add.code, 0, add.stderr);
}

/** A real IAM user (moto) with an MFA device, added as profile "work", and the codes it may still use. */
async function addRealProfile(s: Sandbox): Promise<{ user: TestUser; codes: CodeBook }> {
  const user = await createUser(aws, uniqueName('faults'));
  s.secrets.add(user.secretAccessKey);
  const codes = CodeBook.forNewUser(user);
  const add = await cli(
    s,
    [
      'profile',
      'add',
      'work',
      '--access-key-id',
      user.accessKeyId,
      '--mfa-serial',
      user.serialNumber!,
      '--region',
      'eu-west-1',
    ],
    { input: user.secretAccessKey },
  );
  assert.equal(add.code, 0, add.stderr);
  return { user, codes };
}

type Entry =
  | { type: 'file'; mode: number; bytes: string }
  | { type: 'link'; to: string }
  | { type: 'other'; what: string }
  | { type: 'missing' };

/** Everything about the given paths a user would notice: type, mode, bytes, link target. */
function state(...paths: string[]): Record<string, Entry> {
  const out: Record<string, Entry> = {};
  for (const p of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(p);
    } catch {
      out[p] = { type: 'missing' };
      continue;
    }
    if (stat.isSymbolicLink()) out[p] = { type: 'link', to: fs.readlinkSync(p) };
    else if (stat.isFile())
      out[p] = { type: 'file', mode: stat.mode & 0o7777, bytes: fs.readFileSync(p).toString('base64') };
    else
      out[p] = {
        type: 'other',
        what: stat.isDirectory() ? 'dir' : stat.isFIFO() ? 'fifo' : stat.isCharacterDevice() ? 'chr' : '?',
      };
  }
  return out;
}

/** Our temp files and lock directories in `dir`: none may outlive a command. */
function leftovers(dir: string): string[] {
  return fs.readdirSync(dir).filter((name) => /\.mfa-tray-.*\.tmp$|\.lock$/.test(name));
}

/** A small tmpfs of our own (we run as root in CI); undefined, with the reason, where that is not possible. */
function mountTmpfs(dir: string, size: string): string | undefined {
  fs.mkdirSync(dir, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    return `cannot mount a tmpfs here (${String((error as { stderr?: Buffer }).stderr ?? error).trim()})`;
  }
  onCleanup(() => {
    try {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
    } catch {
      // Already gone.
    }
  });
  return undefined;
}

function skipWith(t: TestContext, reason: string): void {
  process.stdout.write(`# skipped: ${reason}\n`);
  t.skip(reason);
}

const NOT_REGULAR_HINT =
  'Replace it with a regular file (or point the environment variable at one), then try again. The file was left untouched.';

// ---- defect 5: only regular files -------------------------------------------------------------------------

test('defect 5: a FIFO at the credentials path — profile add and logout are refused at once with its path, nothing hangs', async () => {
  const s = sandbox();
  await addFakeProfile(s);
  execFileSync('mkfifo', ['-m', '0600', s.credentialsPath]);
  const before = state(s.credentialsPath, s.configPath);

  const expected = `mfa-tray: ${s.credentialsPath} is a named pipe (FIFO); mfa-tray reads and writes only regular files. ${NOT_REGULAR_HINT}\n`;
  const logout = await cli(s, ['logout', 'work'], { timeoutMs: 10_000 });
  assert.equal(logout.timedOut, false, 'logout hung on the FIFO');
  assert.deepEqual([logout.code, logout.stderr], [1, expected]);

  const add = await cli(
    s,
    ['profile', 'add', 'other', '--access-key-id', FAKE_KEY_ID, '--mfa-serial', FAKE_SERIAL],
    { input: FAKE_SECRET, timeoutMs: 10_000 },
  );
  assert.equal(add.timedOut, false, 'profile add hung on the FIFO');
  assert.deepEqual([add.code, add.stderr], [1, expected]);
  assert.deepEqual(state(s.credentialsPath, s.configPath), before);
  assert.deepEqual(leftovers(path.dirname(s.credentialsPath)), []);
});

test('defect 5: login with the credentials path a symlink to a character device — refused naming both; the device and link stay', async () => {
  const s = sandbox();
  const { codes } = await addRealProfile(s);
  const device = path.join(s.home, 'chardev');
  execFileSync('mknod', ['-m', '0666', device, 'c', '1', '3']); // what /dev/null is
  fs.symlinkSync(device, s.credentialsPath);
  const before = state(s.credentialsPath, device, s.configPath);

  const login = await cli(s, ['login', 'work', '--code', await codes.one()], { timeoutMs: 30_000 });
  assert.deepEqual(
    [login.code, login.stderr],
    [
      1,
      `mfa-tray: ${s.credentialsPath} is a character device (it points to ${device}); mfa-tray reads and writes only regular files. ${NOT_REGULAR_HINT}\n`,
    ],
  );
  assert.deepEqual(state(s.credentialsPath, device, s.configPath), before);
  assert.ok(fs.lstatSync(device).isCharacterDevice(), 'the device was not replaced by a file');
  assert.deepEqual(leftovers(s.home), [], 'no lock directory beside the device');
  assert.deepEqual(leftovers(path.dirname(s.credentialsPath)), []);
});

test('defect 5/10: a directory at the credentials path (EISDIR) is refused with its path', async () => {
  const s = sandbox();
  await addFakeProfile(s);
  fs.mkdirSync(s.credentialsPath);
  fs.writeFileSync(path.join(s.credentialsPath, 'inside'), 'x');
  const before = state(s.credentialsPath, path.join(s.credentialsPath, 'inside'));

  const logout = await cli(s, ['logout', 'work']);
  assert.deepEqual(
    [logout.code, logout.stderr],
    [
      1,
      `mfa-tray: ${s.credentialsPath} is a directory; mfa-tray reads and writes only regular files. ${NOT_REGULAR_HINT}\n`,
    ],
  );
  assert.deepEqual(state(s.credentialsPath, path.join(s.credentialsPath, 'inside')), before);
  assert.deepEqual(leftovers(path.dirname(s.credentialsPath)), []);
});

test('defect 5/10: a dangling symlink into a missing folder (ENOENT) is refused naming the link, its target and the folder', async () => {
  const s = sandbox();
  await addFakeProfile(s);
  const missingDir = path.join(s.home, 'unmounted', 'aws');
  const target = path.join(missingDir, 'credentials');
  fs.symlinkSync(target, s.credentialsPath);
  const before = state(s.credentialsPath, path.join(s.home, 'unmounted'));

  const logout = await cli(s, ['logout', 'work']);
  assert.deepEqual(
    [logout.code, logout.stderr],
    [
      1,
      `mfa-tray: ${s.credentialsPath} is a symbolic link to ${target}, whose folder ${missingDir} does not exist. ` +
        'Create that folder (or mount what should be there), or point the link elsewhere or remove it, then try again. The file was left untouched.\n',
    ],
  );
  assert.deepEqual(state(s.credentialsPath, path.join(s.home, 'unmounted')), before);
});

// ---- defect 10: read-only and file-system errors ------------------------------------------------------------

test('defect 10: a read-only (0444) credentials file is not replaced; logout says so', async () => {
  const s = sandbox();
  await addFakeProfile(s);
  fs.writeFileSync(s.credentialsPath, USER_CREDENTIALS + OUR_SECTION);
  fs.chmodSync(s.credentialsPath, 0o444);
  const before = state(s.credentialsPath);

  const logout = await cli(s, ['logout', 'work']);
  assert.deepEqual(
    [logout.code, logout.stderr],
    [
      1,
      `mfa-tray: ${s.credentialsPath} is read-only (mode 0444); mfa-tray will not replace it. ` +
        `If mfa-tray may change it, make it writable (chmod u+w ${s.credentialsPath}) and try again. The file was left untouched.\n`,
    ],
  );
  assert.deepEqual(state(s.credentialsPath), before);
  assert.deepEqual(leftovers(path.dirname(s.credentialsPath)), []);
});

test('defect 10: EPERM on the rename (an immutable credentials file) is worded with the path and what to do', async (t) => {
  const s = sandbox();
  const awsDir = path.join(s.home, 'immutable');
  const why = mountTmpfs(awsDir, '1m'); // chattr needs a file system that has the flag; tmpfs does
  if (why) return skipWith(t, why);
  const credentials = path.join(awsDir, 'credentials');
  s.env.AWS_SHARED_CREDENTIALS_FILE = credentials;
  await addFakeProfile(s);
  fs.writeFileSync(credentials, USER_CREDENTIALS + OUR_SECTION, { mode: 0o600 });
  try {
    execFileSync('chattr', ['+i', credentials], { stdio: 'pipe' });
  } catch (error) {
    return skipWith(t, `chattr +i is not possible here (${String(error)})`);
  }
  onCleanup(() => {
    try {
      execFileSync('chattr', ['-i', credentials], { stdio: 'pipe' });
    } catch {
      // Already lifted.
    }
  });
  const before = state(credentials);

  const logout = await cli(s, ['logout', 'work']);
  execFileSync('chattr', ['-i', credentials]);
  assert.deepEqual(
    [logout.code, logout.stderr],
    [
      1,
      `mfa-tray: Could not replace ${credentials}: the system does not allow changing ${credentials} (it may be immutable or append-only, or belong to another user). ` +
        'Check it with `ls -l` and `lsattr` (chattr -i lifts the immutable flag), then try again. The file was left untouched.\n',
    ],
  );
  assert.deepEqual(state(credentials), before);
  assert.deepEqual(leftovers(awsDir), [], 'the temp file and the lock are gone');
});

test('defect 10: EACCES on the lock (a folder we may not write) is worded with the lock path and what to do', async (t) => {
  const s = sandbox();
  await addFakeProfile(s);
  fs.writeFileSync(s.credentialsPath, USER_CREDENTIALS + OUR_SECTION, { mode: 0o600 });
  const awsDir = path.dirname(s.credentialsPath);
  fs.chmodSync(awsDir, 0o555);
  t.after(() => fs.chmodSync(awsDir, 0o700));
  // We run as root, whom permissions do not stop: drop the capabilities that let root write anywhere.
  const wrapper = ['setpriv', '--bounding-set=-dac_override,-dac_read_search,-fowner', '--'];
  try {
    execFileSync(wrapper[0], [...wrapper.slice(1), 'true'], { stdio: 'pipe' });
  } catch (error) {
    return skipWith(t, `setpriv cannot drop capabilities here (${String(error)})`);
  }
  const before = state(s.credentialsPath);

  const logout = await cli(s, ['logout', 'work'], { wrapper });
  assert.deepEqual(
    [logout.code, logout.stderr],
    [
      1,
      `mfa-tray: Could not lock ${s.credentialsPath}: permission denied creating the lock ${s.credentialsPath}.lock. ` +
        'Make its folder writable and the file readable and writable by you (check with ls -ld), then try again. The file was left untouched.\n',
    ],
  );
  assert.deepEqual(state(s.credentialsPath), before);
  assert.deepEqual(leftovers(awsDir), []);
});

test('defect 10: disk full (a 64 KiB tmpfs) — login fails naming the file, no byte changes, no temp or lock left', async (t) => {
  const s = sandbox();
  const full = path.join(s.home, 'full');
  const why = mountTmpfs(full, '64k');
  if (why) return skipWith(t, why);
  const credentials = path.join(full, 'credentials');
  s.env.AWS_SHARED_CREDENTIALS_FILE = credentials;
  const { codes } = await addRealProfile(s);
  fs.writeFileSync(credentials, USER_CREDENTIALS, { mode: 0o600 });
  try {
    fs.writeFileSync(path.join(full, 'filler'), Buffer.alloc(128 * 1024, 1));
    assert.fail('the filler should not fit');
  } catch (error) {
    assert.equal((error as NodeJS.ErrnoException).code, 'ENOSPC');
  }
  const before = state(credentials, s.configPath, path.join(full, 'filler'));

  const login = await cli(s, ['login', 'work', '--code', await codes.one()], { timeoutMs: 30_000 });
  assert.deepEqual(
    [login.code, login.stderr],
    [
      1,
      `mfa-tray: There is no space left for ${credentials}: its disk is full (or your quota is used up). ` +
        'Free some space on that disk, then try again. The file was left untouched.\n',
    ],
  );
  assert.deepEqual(state(credentials, s.configPath, path.join(full, 'filler')), before);
  assert.deepEqual(leftovers(full), []);
});

// ---- defect 6: AWS profile names as the AWS CLI reads them ----------------------------------------------------

test('defect 6: config headers the AWS CLI reads as profile x ([profile  x], [profile "x"], tab, quotes, [profile default]) are not taken over', async () => {
  const s = sandbox();
  const spellings: [string, string][] = [
    ['[profile  x]', 'x'],
    ['[profile "x"]', 'x'],
    ['[profile\tx]', 'x'],
    ["[profile 'x']", 'x'],
    ['[profile x ]', 'x'],
    ['[profiles x]', 'x'], // botocore keeps any header that starts with "profile" and has two words
    ['[profile default]', 'default'],
  ];
  for (const [header, name] of spellings) {
    const config = `# the user's\n${header}\nregion = eu-north-1\n`;
    fs.writeFileSync(s.configPath, config);
    const judge = await s.aws(['configure', 'get', 'region', '--profile', name]);
    assert.equal(judge.stdout.trim(), 'eu-north-1', `the AWS CLI reads ${header} as profile ${name}`);

    const add = await cli(
      s,
      [
        'profile',
        'add',
        'p',
        '--access-key-id',
        FAKE_KEY_ID,
        '--mfa-serial',
        FAKE_SERIAL,
        '--region',
        'eu-west-1',
        '--target',
        name,
      ],
      { input: FAKE_SECRET },
    );
    assert.deepEqual(
      [add.code, add.stderr],
      [
        1,
        `mfa-tray: The AWS profile "${name}" already exists in ${s.configPath}; mfa-tray will not take it over. Choose another target profile.\n`,
      ],
      header,
    );
    assert.equal(fs.readFileSync(s.configPath, 'utf8'), config, header);
    const region = await s.aws(['configure', 'get', 'region', '--profile', name]);
    assert.equal(region.stdout.trim(), 'eu-north-1', `${header}: the user's region stays`);
  }
  const list = await cli(s, ['profile', 'list', '--json']);
  assert.deepEqual(JSON.parse(list.stdout), []);
});

// ---- defect 7: the QR file -------------------------------------------------------------------------------------

async function unassignedCount(): Promise<number> {
  return (await unassignedMfaSerials(aws)).length;
}

test('defect 7: mfa create --qr refuses an existing file, a symlink and a dangling symlink; no device is created', async () => {
  const s = sandbox();
  const user = await createUser(aws, uniqueName('qr'), { withMfa: false });
  s.secrets.add(user.secretAccessKey);
  const add = await cli(s, ['profile', 'add', 'p', '--access-key-id', user.accessKeyId], {
    input: user.secretAccessKey,
  });
  assert.equal(add.code, 0, add.stderr);

  const planted = path.join(s.home, 'planted.png');
  fs.writeFileSync(planted, 'someone else’s file');
  fs.chmodSync(planted, 0o666);
  const elsewhere = path.join(s.home, 'elsewhere.txt');
  fs.writeFileSync(elsewhere, 'keep me', { mode: 0o644 });
  const link = path.join(s.home, 'link.png');
  fs.symlinkSync(elsewhere, link);
  const dangling = path.join(s.home, 'dangling.svg');
  const danglingTarget = path.join(s.home, 'would-be-created.svg');
  fs.symlinkSync(danglingTarget, dangling);
  const before = state(planted, elsewhere, link, dangling, danglingTarget);
  const devicesBefore = await unassignedCount();

  const what = "the QR code (it holds the device's secret)";
  for (const [file, asLink] of [
    [planted, ''],
    [link, ' (as a symbolic link)'],
    [dangling, ' (as a symbolic link)'],
  ] as const) {
    const create = await cli(s, ['mfa', 'create', 'phone', '--profile', 'p', '--qr', file]);
    assert.deepEqual(
      [create.code, create.stdout, create.stderr],
      [
        1,
        '',
        `mfa-tray: ${file} already exists${asLink}; mfa-tray writes ${what} only to a new file that it creates itself, readable only by you. ` +
          `Give a name that does not exist yet (or delete ${file} first), then try again.\n`,
      ],
      file,
    );
  }
  assert.deepEqual(state(planted, elsewhere, link, dangling, danglingTarget), before);
  assert.equal(await unassignedCount(), devicesBefore, 'no device was created');
});

// ---- defect 9: junk after kill -9 ------------------------------------------------------------------------------

/** Locks the files with the real lock code in a child, then kills it with SIGKILL: a crashed holder. */
async function deadLockHolder(files: string[]): Promise<number> {
  const lockModule = path.join(__dirname, '..', '..', 'src', 'core', `file-lock${path.extname(__filename)}`);
  const script = `
    const { lockFile } = require(${JSON.stringify(lockModule)});
    (async () => {
      for (const f of ${JSON.stringify(files)}) await lockFile(f, { stale: 10000 });
      process.stdout.write('locked\\n');
      setInterval(() => {}, 1000);
    })().catch((e) => { console.error(e); process.exit(3); });`;
  const child = spawn(process.execPath, [...process.execArgv, '-e', script], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  await new Promise<void>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (d: string) => d.includes('locked') && resolve());
    child.on('exit', (code) => reject(new Error(`lock holder exited ${code}: ${err}`)));
  });
  child.removeAllListeners('exit');
  const gone = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGKILL');
  await gone;
  return child.pid!;
}

test('defect 9: a dead holder’s locks are taken at once, its profiles.json temp is swept, a live writer’s is not', async () => {
  const s = sandbox();
  await addFakeProfile(s);
  fs.writeFileSync(s.credentialsPath, USER_CREDENTIALS + OUR_SECTION, { mode: 0o600 });
  const home = s.env.MFA_TRAY_HOME!;
  const profilesJson = path.join(home, 'profiles.json');
  const deadPid = await deadLockHolder([profilesJson, s.credentialsPath]);
  assert.ok(fs.existsSync(`${profilesJson}.lock`) && fs.existsSync(`${s.credentialsPath}.lock`));
  const deadTemp = path.join(home, `.profiles.json.mfa-tray-${deadPid}-0a1b2c3d4e5f.tmp`);
  const liveTemp = path.join(home, `.profiles.json.mfa-tray-1-0a1b2c3d4e5f.tmp`); // pid 1 always runs
  fs.writeFileSync(deadTemp, '{"partial":');
  fs.writeFileSync(liveTemp, '{"in progress":');

  const logout = await cli(s, ['logout', 'work']);
  assert.equal(logout.code, 0, logout.stderr);
  // The stale time is 5 s (AWS files) and 10 s (profiles.json): far below it means the locks were taken at once.
  assert.ok(logout.ms < 4000, `logout took ${logout.ms} ms behind a dead holder's locks`);
  assert.equal(fs.readFileSync(s.credentialsPath, 'utf8'), USER_CREDENTIALS);
  assert.equal(fs.existsSync(deadTemp), false, 'the dead writer’s temp file is swept');
  assert.equal(
    fs.readFileSync(liveTemp, 'utf8'),
    '{"in progress":',
    'a live writer’s temp file is left alone',
  );
  fs.rmSync(liveTemp);
  assert.deepEqual(leftovers(home), []);
  assert.deepEqual(leftovers(path.dirname(s.credentialsPath)), []);
});

// ---- smaller ones ---------------------------------------------------------------------------------------------

test('files without a final newline are byte-identical after add, login, logout and remove', async () => {
  const s = sandbox();
  const credentials = '[default]\r\naws_access_key_id = AKIADEFAULTEXAMPLE00\r\naws_secret_access_key = x';
  const config = '[default]\nregion = eu-central-1';
  fs.writeFileSync(s.credentialsPath, credentials, { mode: 0o600 });
  fs.writeFileSync(s.configPath, config, { mode: 0o600 });
  const { codes } = await addRealProfile(s);

  const login = await cli(s, ['login', 'work', '--code', await codes.one()], { timeoutMs: 30_000 });
  assert.equal(login.code, 0, login.stderr);
  const keyId = await s.aws(['configure', 'get', 'aws_access_key_id', '--profile', 'work-mfa']);
  assert.match(keyId.stdout.trim(), /^ASIA/);
  assert.equal((await cli(s, ['logout', 'work'])).code, 0);
  assert.equal(
    fs.readFileSync(s.credentialsPath, 'utf8'),
    credentials,
    'credentials: same bytes after login+logout',
  );
  assert.equal((await cli(s, ['profile', 'remove', 'work', '--yes'])).code, 0);
  assert.equal(fs.readFileSync(s.configPath, 'utf8'), config, 'config: same bytes after add+remove');
  assert.equal(fs.readFileSync(s.credentialsPath, 'utf8'), credentials);
});

test('logout and profile remove keep the lines a user added to our sections (and the sections with them)', async () => {
  const s = sandbox();
  fs.writeFileSync(s.credentialsPath, USER_CREDENTIALS, { mode: 0o600 });
  const { codes } = await addRealProfile(s);
  const login = await cli(s, ['login', 'work', '--code', await codes.one()], { timeoutMs: 30_000 });
  assert.equal(login.code, 0, login.stderr);

  // The user adds their own lines to the sections mfa-tray wrote.
  fs.appendFileSync(s.credentialsPath, '# my note\ncli_pager =\n');
  fs.appendFileSync(s.configPath, 'output = json\n');
  const configAfterEdit = fs.readFileSync(s.configPath, 'utf8');
  assert.match(configAfterEdit, /\[profile work-mfa\]\nregion = eu-west-1\noutput = json\n$/);

  assert.equal((await cli(s, ['logout', 'work'])).code, 0);
  assert.equal(
    fs.readFileSync(s.credentialsPath, 'utf8'),
    `${USER_CREDENTIALS}\n[work-mfa]\n# my note\ncli_pager =\n`,
  );
  assert.equal((await cli(s, ['profile', 'remove', 'work', '--yes'])).code, 0);
  assert.equal(fs.readFileSync(s.configPath, 'utf8'), configAfterEdit.replace('region = eu-west-1\n', ''));
  const output = await s.aws(['configure', 'get', 'output', '--profile', 'work-mfa']);
  assert.equal(output.stdout.trim(), 'json', 'the user’s setting still works');
});

test('profiles.json: a BOM loads; durationSeconds -5 is reported damaged with the path', async () => {
  const s = sandbox();
  await addFakeProfile(s);
  const file = path.join(s.env.MFA_TRAY_HOME!, 'profiles.json');
  const text = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, '\ufeff' + text);
  const status = await cli(s, ['status', '--json']);
  assert.equal(status.code, 0, status.stderr);
  assert.equal((JSON.parse(status.stdout) as { name: string }[])[0]?.name, 'work');

  fs.writeFileSync(file, text.replace('"durationSeconds": 43200', '"durationSeconds": -5'));
  const damaged = await cli(s, ['status']);
  assert.deepEqual(
    [damaged.code, damaged.stderr],
    [
      1,
      `mfa-tray: The mfa-tray profile list ${file} is damaged: profile #1: invalid "durationSeconds" (-5; expected a whole number from 900 to 129600). ` +
        'Fix or move the file by hand; mfa-tray will not overwrite it. Your keys are still in the keychain.\n',
    ],
  );
});
