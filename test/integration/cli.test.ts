/**
 * The CLI end to end, as a new user runs it: real keychain (throwaway gnome-keyring), real files in a temp
 * HOME, moto behind the MFA-validating layer, and the real AWS CLI reading what we wrote.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { adminIamClient, createUser, type TestUser } from '../support/aws-test-env';
import { useAwsSuite } from '../support/aws-suite';
import { allCommandLines, Sandbox, uniqueName } from '../support/cli-sandbox';
import { freshCode } from '../support/mfa-codes';

const { aws, sandbox } = useAwsSuite();

async function userFor(s: Sandbox, prefix = 'alice'): Promise<TestUser> {
  const user = await createUser(aws, uniqueName(prefix));
  s.secrets.add(user.secretAccessKey);
  return user;
}

function assertNoSecretsIn(s: Sandbox, text: string, what: string): void {
  for (const secret of s.secrets) assert.ok(!text.includes(secret), `${what} contains a secret`);
}

/**
 * After we removed the section we had appended, the user's bytes are all there, unchanged; only the line
 * break that separated our section from theirs may remain at the end.
 */
function assertOnlyOurSectionGone(actual: string, original: string, what: string): void {
  assert.ok(actual.startsWith(original), `${what} keeps every byte the user had`);
  assert.match(actual.slice(original.length), /^(\r?\n)*$/, `${what} removes our section`);
}

const USER_CREDENTIALS =
  '# my keys — hand edited\r\n[default]\r\naws_access_key_id = AKIADEFAULTEXAMPLE00\r\n; old one: AKIAOLD\r\naws_secret_access_key=defaultSecretExample0000000000000000000\r\n\r\n[other]\r\naws_access_key_id=AKIAOTHEREXAMPLE0000\r\naws_secret_access_key = otherSecretExample000000000000000000000';
const USER_CONFIG =
  '[default]\nregion = eu-central-1\n# keep me\n[profile other]\nregion=ap-northeast-1\noutput = json\n';

test('new user: add (serial discovered), log in with a code, use the AWS CLI, log out — file delivery', async () => {
  const s = sandbox();
  const user = await userFor(s);
  fs.writeFileSync(s.credentialsPath, USER_CREDENTIALS);
  fs.writeFileSync(s.configPath, USER_CONFIG);

  const add = await s.cli(
    ['profile', 'add', 'work', '--access-key-id', user.accessKeyId, '--region', 'eu-west-1'],
    {
      input: user.secretAccessKey + '\n',
    },
  );
  assert.equal(add.code, 0, add.stderr);
  assert.match(add.stdout, new RegExp(`MFA device ${user.serialNumber!.replace(/[/]/g, '\\/')}`));
  assert.equal(
    fs.readFileSync(s.credentialsPath, 'utf8'),
    USER_CREDENTIALS,
    'add does not touch the credentials file',
  );

  const list = await s.cli(['profile', 'list', '--json']);
  const [listed] = JSON.parse(list.stdout) as { name: string; mfaSerial: string; target: string }[];
  assert.equal(listed?.mfaSerial, user.serialNumber);
  assert.equal(listed?.target, 'work-mfa');

  const before = await s.cli(['status', '--json']);
  assert.deepEqual(JSON.parse(before.stdout), [
    {
      name: 'work',
      kind: 'aws',
      state: 'none',
      expiresAt: null,
      target: 'work-mfa',
      delivery: 'file',
      keyAgeDays: null,
    },
  ]);

  const login = await s.cli(['login', 'work', '--code', await freshCode(user)]);
  assert.equal(login.code, 0, login.stderr);
  assert.match(login.stdout, /Logged in "work" until .*--profile work-mfa/);

  const status = JSON.parse((await s.cli(['status', '--json'])).stdout) as {
    state: string;
    expiresAt: string;
  }[];
  assert.equal(status[0]?.state, 'valid');
  const hoursLeft = (Date.parse(status[0].expiresAt) - Date.now()) / 3_600_000;
  assert.ok(hoursLeft > 11.9 && hoursLeft <= 12, `default duration is 12 h, got ${hoursLeft}`);

  // The real AWS CLI reads what we wrote.
  const keyId = await s.aws(['configure', 'get', 'aws_access_key_id', '--profile', 'work-mfa']);
  assert.match(keyId.stdout.trim(), /^ASIA/);
  const region = await s.aws(['configure', 'get', 'region', '--profile', 'work-mfa']);
  assert.equal(region.stdout.trim(), 'eu-west-1');
  const identity = await s.aws(['sts', 'get-caller-identity', '--profile', 'work-mfa', '--output', 'json']);
  assert.equal(identity.code, 0, identity.stderr);
  assert.equal((JSON.parse(identity.stdout) as { Arn: string }).Arn, user.arn);

  // The user's own bytes are untouched: our section was appended after them.
  const credentials = fs.readFileSync(s.credentialsPath, 'utf8');
  assert.ok(credentials.startsWith(USER_CREDENTIALS), 'everything the user had stays byte-for-byte');
  assert.ok(fs.readFileSync(s.configPath, 'utf8').startsWith(USER_CONFIG));
  assert.equal(fs.statSync(s.credentialsPath).mode & 0o777, 0o600);
  assert.deepEqual(s.filesContaining([user.secretAccessKey]), [], 'the base secret is in no file');
  for (const r of [add, list, login]) assertNoSecretsIn(s, r.stdout + r.stderr, 'CLI output');

  const logout = await s.cli(['logout', 'work']);
  assert.equal(logout.code, 0, logout.stderr);
  assertOnlyOurSectionGone(fs.readFileSync(s.credentialsPath, 'utf8'), USER_CREDENTIALS, 'logout');
  assert.equal(
    (JSON.parse((await s.cli(['status', '--json'])).stdout) as { state: string }[])[0]?.state,
    'none',
  );

  // Without a terminal to ask on, removing needs --yes (a script says so explicitly).
  const unconfirmed = await s.cli(['profile', 'remove', 'work']);
  assert.equal(unconfirmed.code, 1);
  assert.equal(
    unconfirmed.stderr,
    'mfa-tray: Not removed: profile "work" (no terminal to ask for confirmation on). To remove it from a script, pass --yes.\n',
  );
  const remove = await s.cli(['profile', 'remove', 'work', '--yes']);
  assert.equal(remove.code, 0, remove.stderr);
  assertOnlyOurSectionGone(fs.readFileSync(s.configPath, 'utf8'), USER_CONFIG, 'profile remove');
});

test('process delivery: nothing secret on disk; the AWS CLI gets the session through credential_process', async () => {
  const s = sandbox();
  const user = await userFor(s, 'bob');
  const add = await s.cli(
    [
      'profile',
      'add',
      'ops',
      '--access-key-id',
      user.accessKeyId,
      '--mfa-serial',
      user.serialNumber!,
      '--delivery',
      'process',
      '--duration',
      '3600',
    ],
    { input: user.secretAccessKey },
  );
  assert.equal(add.code, 0, add.stderr);
  const config = fs.readFileSync(s.configPath, 'utf8');
  assert.match(
    config,
    /\[profile ops-mfa\]\nregion = us-east-1\ncredential_process = "[^"]+node" ("[^"]+" )*"[^"]+main\.(js|ts)" credential-process ops\n/,
  );
  assert.ok(!fs.existsSync(s.credentialsPath), 'no credentials file is created');

  // Before login: a one-line error that says what to run, and the AWS CLI fails with it.
  const noSession = await s.cli(['credential-process', 'ops']);
  assert.equal(noSession.code, 1);
  assert.equal(noSession.stdout, '');
  assert.equal(noSession.stderr, 'mfa-tray: profile "ops" has no session. Run: mfa-tray login ops\n');
  const denied = await s.aws(['sts', 'get-caller-identity', '--profile', 'ops-mfa']);
  assert.notEqual(denied.code, 0);
  assert.match(denied.stderr, /mfa-tray login ops/);

  const login = await s.cli(['login', 'ops', '--code', await freshCode(user)]);
  assert.equal(login.code, 0, login.stderr);

  const processOut = await s.cli(['credential-process', 'ops']);
  assert.equal(processOut.code, 0, processOut.stderr);
  // The fast path (every AWS CLI call runs it) loads no AWS SDK: node's module tracing shows what it loads.
  const traced = await s.cli(['credential-process', 'ops'], { env: { NODE_DEBUG: 'module' } });
  assert.equal(traced.code, 0);
  assert.match(traced.stderr, /keytar/, 'module tracing works');
  assert.doesNotMatch(traced.stderr, /@aws-sdk|@smithy/, 'credential-process loaded the AWS SDK');
  const issued = JSON.parse(processOut.stdout) as Record<string, string | number>;
  assert.deepEqual(Object.keys(issued), [
    'Version',
    'AccessKeyId',
    'SecretAccessKey',
    'SessionToken',
    'Expiration',
  ]);
  assert.equal(issued.Version, 1);
  assert.match(String(issued.Expiration), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  s.secrets.add(String(issued.SecretAccessKey));
  s.secrets.add(String(issued.SessionToken));

  const exported = await s.aws([
    'configure',
    'export-credentials',
    '--profile',
    'ops-mfa',
    '--format',
    'process',
  ]);
  assert.equal(exported.code, 0, exported.stderr);
  const viaCli = JSON.parse(exported.stdout) as Record<string, string>;
  assert.equal(viaCli.AccessKeyId, issued.AccessKeyId);
  assert.equal(viaCli.SessionToken, issued.SessionToken);
  const identity = await s.aws(['sts', 'get-caller-identity', '--profile', 'ops-mfa', '--output', 'json']);
  assert.equal(identity.code, 0, identity.stderr);
  assert.equal((JSON.parse(identity.stdout) as { Arn: string }).Arn, user.arn);

  assert.deepEqual(s.filesContaining(s.secrets), [], 'no secret of any kind on disk with process delivery');
  assertNoSecretsIn(s, add.stderr + login.stdout + login.stderr + processOut.stderr, 'CLI output');
});

test('a wrong code, then a reused code, are refused in plain words and leave every file byte-identical', async () => {
  const s = sandbox();
  const user = await userFor(s, 'carol');
  fs.writeFileSync(s.credentialsPath, USER_CREDENTIALS);
  assert.equal(
    (
      await s.cli(['profile', 'add', 'dev', '--access-key-id', user.accessKeyId], {
        input: user.secretAccessKey,
      })
    ).code,
    0,
  );

  const code = await freshCode(user);
  const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
  const untouched = s.snapshot();
  const refused = await s.cli(['login', 'dev', '--code', wrong]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /^mfa-tray: AWS did not accept that code\. .*next code/);
  assert.equal(refused.stderr.trim().split('\n').length, 1, 'one line on stderr');
  assert.deepEqual(s.snapshot(), untouched, 'a wrong code writes nothing');

  const ok = await s.cli(['login', 'dev', '--code', code]);
  assert.equal(ok.code, 0, ok.stderr);

  const afterLogin = s.snapshot();
  const reused = await s.cli(['login', 'dev', '--code', code]);
  assert.equal(reused.code, 1);
  assert.match(reused.stderr, /already used.*next code \(in \d+ s\)/);
  assert.deepEqual(s.snapshot(), afterLogin, 'a reused code writes nothing');

  const requestsBefore = aws.layer.requests.length;
  const short = await s.cli(['login', 'dev', '--code', '12345']);
  assert.equal(short.code, 1);
  assert.match(short.stderr, /6 digits/);
  assert.equal(aws.layer.requests.length, requestsBefore, 'a malformed code is refused before any AWS call');
});

test('AWS failures are classified: wrong serial, dead key, throttling retried, 5xx, network down, clock skew', async () => {
  const s = sandbox();
  const user = await userFor(s, 'dave');
  const other = await userFor(s, 'erin');
  const add = (name: string, serial: string) =>
    s.cli(['profile', 'add', name, '--access-key-id', user.accessKeyId, '--mfa-serial', serial], {
      input: user.secretAccessKey,
    });
  assert.equal((await add('main', user.serialNumber!)).code, 0);
  assert.equal((await add('wrongserial', other.serialNumber!)).code, 0);

  const serial = await s.cli(['login', 'wrongserial', '--code', await freshCode(user)]);
  assert.equal(serial.code, 1);
  assert.match(serial.stderr, /MFA device set for this profile is not valid for this IAM user/);

  aws.layer.failNext(2, 'throttle', 'GetSessionToken');
  const throttled = await s.cli(['login', 'main', '--code', await freshCode(user)]);
  assert.equal(throttled.code, 0, `throttling is retried with backoff: ${throttled.stderr}`);

  aws.layer.failNext(10, '5xx', 'GetSessionToken');
  const fiveHundred = await s.cli(['login', 'main', '--code', '000000']);
  aws.layer.clearFailures();
  assert.equal(fiveHundred.code, 1);
  assert.match(fiveHundred.stderr, /server error .*after retrying/);

  const offline = await s.cli(['login', 'main', '--code', '000000'], {
    env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:9' },
  });
  assert.equal(offline.code, 1);
  assert.match(offline.stderr, /could not reach AWS .*network connection/);

  aws.layer.serverClockOffsetSeconds = 95;
  try {
    const skewed = await s.cli(['login', 'main', '--code', await freshCode(user)]);
    assert.equal(skewed.code, 1);
    assert.match(skewed.stderr, /clock is 9[4-6] s behind AWS/);
  } finally {
    aws.layer.serverClockOffsetSeconds = 0;
  }

  await adminIamClient(aws).send(
    new UpdateAccessKeyCommand({
      UserName: user.userName,
      AccessKeyId: user.accessKeyId,
      Status: 'Inactive',
    }),
  );
  const inactive = await s.cli(['login', 'main', '--code', await freshCode(user)]);
  assert.equal(inactive.code, 1);
  assert.match(inactive.stderr, /does not recognise the access key/);
});

test('the secret access key is never in any argv while the CLI runs, nor in its output', async () => {
  const s = sandbox();
  const user = await userFor(s, 'frank');
  aws.layer.holdMs = 1500;
  try {
    const adding = s.cli(['profile', 'add', 'p', '--access-key-id', user.accessKeyId], {
      input: user.secretAccessKey,
    });
    await new Promise((r) => setTimeout(r, 700));
    const during = allCommandLines();
    const added = await adding;
    assert.equal(added.code, 0, added.stderr);
    assert.ok(
      during.some((l) => l.includes('profile add p')),
      'the CLI was running when argv was read',
    );
    assert.ok(!during.some((l) => l.includes(user.secretAccessKey)), 'no process has the secret in its argv');

    const logging = s.cli(['login', 'p', '--code', await freshCode(user)]);
    await new Promise((r) => setTimeout(r, 700));
    const duringLogin = allCommandLines();
    const loggedIn = await logging;
    assert.equal(loggedIn.code, 0, loggedIn.stderr);
    assert.ok(!duringLogin.some((l) => [...s.secrets].some((secret) => l.includes(secret))));
  } finally {
    aws.layer.holdMs = 0;
  }
});

test('two profiles logging in at once both land in the same credentials file', async () => {
  const s = sandbox();
  const users = [await userFor(s, 'gina'), await userFor(s, 'hank')];
  for (const [i, u] of users.entries()) {
    const r = await s.cli(['profile', 'add', `p${i}`, '--access-key-id', u.accessKeyId], {
      input: u.secretAccessKey,
    });
    assert.equal(r.code, 0, r.stderr);
  }
  fs.writeFileSync(s.credentialsPath, USER_CREDENTIALS);
  const codes = [await freshCode(users[0]), await freshCode(users[1])];
  const results = await Promise.all(users.map((_, i) => s.cli(['login', `p${i}`, '--code', codes[i]])));
  for (const r of results) assert.equal(r.code, 0, r.stderr);
  for (const i of [0, 1]) {
    const id = await s.aws(['sts', 'get-caller-identity', '--profile', `p${i}-mfa`, '--output', 'json']);
    assert.equal(id.code, 0, id.stderr);
    assert.equal((JSON.parse(id.stdout) as { Arn: string }).Arn, users[i].arn);
  }
  assert.ok(fs.readFileSync(s.credentialsPath, 'utf8').startsWith(USER_CREDENTIALS));
});

test('AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE are honoured; ~/.aws is left alone', async () => {
  const elsewhere = path.join(sandbox().home, 'elsewhere');
  fs.mkdirSync(elsewhere);
  const s = sandbox({
    AWS_SHARED_CREDENTIALS_FILE: path.join(elsewhere, 'creds'),
    AWS_CONFIG_FILE: path.join(elsewhere, 'conf'),
  });
  const user = await userFor(s, 'ivy');
  assert.equal(
    (
      await s.cli(['profile', 'add', 'x', '--access-key-id', user.accessKeyId], {
        input: user.secretAccessKey,
      })
    ).code,
    0,
  );
  const login = await s.cli(['login', 'x', '--code', await freshCode(user)]);
  assert.equal(login.code, 0, login.stderr);
  assert.match(
    fs.readFileSync(path.join(elsewhere, 'creds'), 'utf8'),
    /^\[x-mfa\]\naws_access_key_id = ASIA/,
  );
  assert.match(
    fs.readFileSync(path.join(elsewhere, 'conf'), 'utf8'),
    /^\[profile x-mfa\]\nregion = us-east-1\n/,
  );
  assert.deepEqual(fs.readdirSync(path.join(s.home, '.aws')), []);
  const id = await s.aws(['sts', 'get-caller-identity', '--profile', 'x-mfa']);
  assert.equal(id.code, 0, id.stderr);
});

test('import --scrub moves plain keys into the keychain, keeps a 0600 backup, and the profile logs in', async () => {
  const s = sandbox();
  const user = await userFor(s, 'jack');
  const original = `# work account\n[legacy]\naws_access_key_id = ${user.accessKeyId}\naws_secret_access_key = ${user.secretAccessKey}\n\n[other]\naws_access_key_id=AKIAOTHEREXAMPLE0000\naws_secret_access_key=otherSecretExample000000000000000000000\n`;
  fs.writeFileSync(s.credentialsPath, original);
  fs.writeFileSync(
    s.configPath,
    `[profile legacy]\nregion = eu-north-1\nmfa_serial = ${user.serialNumber}\n`,
  );

  const imported = await s.cli(['profile', 'import', 'legacy', '--name', 'work', '--scrub']);
  assert.equal(imported.code, 0, imported.stderr);
  assert.match(imported.stdout, /backup: /);
  assertNoSecretsIn(s, imported.stdout + imported.stderr, 'import output');

  const credentials = fs.readFileSync(s.credentialsPath, 'utf8');
  assert.equal(
    credentials,
    '# work account\n[other]\naws_access_key_id=AKIAOTHEREXAMPLE0000\naws_secret_access_key=otherSecretExample000000000000000000000\n',
  );
  const backups = fs
    .readdirSync(path.dirname(s.credentialsPath))
    .filter((f) => f.startsWith('credentials.mfa-tray-backup-'));
  assert.equal(backups.length, 1);
  const backup = path.join(path.dirname(s.credentialsPath), backups[0]);
  assert.equal(fs.readFileSync(backup, 'utf8'), original);
  assert.equal(fs.statSync(backup).mode & 0o777, 0o600);

  const listed = JSON.parse((await s.cli(['profile', 'list', '--json'])).stdout) as {
    region: string;
    mfaSerial: string;
  }[];
  assert.equal(listed[0]?.region, 'eu-north-1');
  assert.equal(listed[0]?.mfaSerial, user.serialNumber);
  const login = await s.cli(['login', 'work', '--code', await freshCode(user)]);
  assert.equal(login.code, 0, login.stderr);
});

test('a profile without MFA device says how to set one up; damaged metadata and a missing keychain are explained', async () => {
  const s = sandbox();
  const user = await createUser(aws, uniqueName('kim'), { withMfa: false });
  const add = await s.cli(['profile', 'add', 'nodev', '--access-key-id', user.accessKeyId], {
    input: user.secretAccessKey,
  });
  assert.equal(add.code, 0, add.stderr);
  assert.match(add.stdout, /No MFA device is assigned .*mfa-tray mfa create/);
  const login = await s.cli(['login', 'nodev', '--code', '123456']);
  assert.equal(login.code, 1);
  assert.match(login.stderr, /has no MFA device yet.*mfa create/);

  const noKeychain = await s.cli(['credential-process', 'nodev'], {
    env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', DISPLAY: '' },
  });
  assert.equal(noKeychain.code, 1);
  assert.match(noKeychain.stderr, /^mfa-tray: The OS keychain is not available .*Secret Service/);
  assert.equal(noKeychain.stderr.trim().split('\n').length, 1);

  const metadata = path.join(s.env.MFA_TRAY_HOME!, 'profiles.json');
  fs.writeFileSync(metadata, '{"version":1,"profiles":[{"name":');
  const damaged = await s.cli(['status']);
  assert.equal(damaged.code, 1);
  assert.ok(damaged.stderr.includes(metadata), 'the message names the file');
  assert.equal(
    fs.readFileSync(metadata, 'utf8'),
    '{"version":1,"profiles":[{"name":',
    'never silently reset',
  );

  const usage = await s.cli([
    'profile',
    'add',
    'x',
    '--access-key-id',
    'AKIAXXXXXXXXXXXXXXXX',
    '--secret-access-key',
    'nope',
  ]);
  assert.equal(usage.code, 2, 'a secret is never accepted as an argument');
});
