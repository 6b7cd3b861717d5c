/**
 * Roles end to end through the CLI: one MFA code for the source profile serves every role assumed from it;
 * roles over 1 hour are assumed with MFA directly; AWS's refusals are explained; `role import` changes only
 * the role lines of the profiles it points at. Real keychain, real files in a temp HOME, moto behind the
 * MFA- and trust-policy-validating layer, and the real AWS CLI.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { adminIamClient, createUser, type TestUser } from '../support/aws-test-env';
import { useAwsSuite } from '../support/aws-suite';
import { ROLE_MESSAGES } from '../support/aws/role-layer';
import { Sandbox, uniqueName } from '../support/cli-sandbox';
import { CodeBook, freshCode } from '../support/mfa-codes';
import { classifyAssumeRoleError } from '../../src/core/roles/assume-role-errors';

const { aws, sandbox } = useAwsSuite();

interface TrustOptions {
  /** Principal: the user's ARN (default), or any other ARN. */
  principal?: string;
  mfa?: boolean;
  externalId?: string;
}

/** An IAM role (in moto) whose trust policy allows `principal`, with MFA / external id conditions. */
async function createRole(
  user: TestUser,
  trust: TrustOptions = {},
  maxSessionDuration = 3600,
): Promise<string> {
  const condition: Record<string, Record<string, string>> = {};
  if (trust.mfa !== false) condition.Bool = { 'aws:MultiFactorAuthPresent': 'true' };
  if (trust.externalId) condition.StringEquals = { 'sts:ExternalId': trust.externalId };
  const policy = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: trust.principal ?? user.arn },
        Action: 'sts:AssumeRole',
        ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
      },
    ],
  };
  const iam = adminIamClient(aws);
  try {
    const { Role } = await iam.send(
      new CreateRoleCommand({
        RoleName: uniqueName('role'),
        AssumeRolePolicyDocument: JSON.stringify(policy),
        MaxSessionDuration: maxSessionDuration,
      }),
    );
    return Role!.Arn!;
  } finally {
    iam.destroy();
  }
}

/** Adds the IAM user as mfa-tray profile `name` (device given, so no lookup). */
async function addSource(s: Sandbox, user: TestUser, name = 'work'): Promise<void> {
  const args = ['profile', 'add', name, '--access-key-id', user.accessKeyId, '--region', 'eu-west-1'];
  if (user.serialNumber) args.push('--mfa-serial', user.serialNumber);
  const add = await s.cli(args, { input: user.secretAccessKey + '\n' });
  assert.equal(add.code, 0, add.stderr);
}

async function addRole(s: Sandbox, name: string, roleArn: string, extra: string[] = []): Promise<void> {
  const add = await s.cli(['role', 'add', name, '--source', 'work', '--role-arn', roleArn, ...extra]);
  assert.equal(add.code, 0, add.stderr);
  assert.match(add.stdout, new RegExp(`Added role "${name}"`));
}

function assumedRoleArn(user: TestUser, roleArn: string, sessionName = 'mfa-tray-work'): string {
  return `arn:aws:sts::${user.accountId}:assumed-role/${roleArn.split('/').pop()}/${sessionName}`;
}

async function callerArn(s: Sandbox, awsProfile: string): Promise<string> {
  const r = await s.aws(['sts', 'get-caller-identity', '--profile', awsProfile, '--output', 'json']);
  assert.equal(r.code, 0, r.stderr);
  return (JSON.parse(r.stdout) as { Arn: string }).Arn;
}

function sessionTokenCalls(user: TestUser): number {
  return aws.layer.requests.filter(
    (r) => r.action === 'GetSessionToken' && r.accessKeyId === user.accessKeyId,
  ).length;
}

test('three roles from one code, used by the AWS CLI; status shows them under the source; credential-process; logout --with-roles', async () => {
  const s = sandbox();
  const user = await createUser(aws, uniqueName('alice'));
  await addSource(s, user);
  const arns = [await createRole(user), await createRole(user), await createRole(user)];
  await addRole(s, 'dev', arns[0]);
  await addRole(s, 'stage', arns[1]);
  await addRole(s, 'prod', arns[2], ['--delivery', 'process']);

  // The first role asks for the one code: it logs "work" in, then assumes the role from its session.
  const first = await s.cli(['login', 'dev', '--code', await freshCode(user)]);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /Assumed role "dev" .* Use: aws … --profile dev-mfa/);
  // The others need no code at all (no --code, no terminal).
  const second = await s.cli(['login', 'stage']);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stdout, /Assumed role "stage"/);

  assert.equal(await callerArn(s, 'dev-mfa'), assumedRoleArn(user, arns[0]));
  assert.equal(await callerArn(s, 'stage-mfa'), assumedRoleArn(user, arns[1]));
  // Process delivery, nothing cached yet: credential-process assumes it from the source's session, no prompt.
  assert.equal(await callerArn(s, 'prod-mfa'), assumedRoleArn(user, arns[2]));
  assert.equal(sessionTokenCalls(user), 1, 'exactly one GetSessionToken for three roles');

  // Cached now: credential-process answers from the keychain (no AssumeRole).
  const assumes = aws.layer.roles.log.length;
  const cp = await s.cli(['credential-process', 'prod']);
  assert.equal(cp.code, 0, cp.stderr);
  const json = JSON.parse(cp.stdout) as { Version: number; AccessKeyId: string; Expiration: string };
  assert.equal(json.Version, 1);
  assert.ok(Date.parse(json.Expiration) - Date.now() > 3500_000);
  assert.equal(aws.layer.roles.log.length, assumes, 'credential-process used the cached session');
  for (const entry of aws.layer.roles.log.slice(-3)) {
    assert.equal(entry.caller, 'session');
    assert.equal(entry.mfa, true);
    assert.equal(entry.outcome, 'ok');
  }

  const status = await s.cli(['status']);
  assert.equal(status.code, 0, status.stderr);
  const lines = status.stdout.trimEnd().split('\n');
  assert.deepEqual(
    lines.map((l) => l.split(/\s+(valid|expiring|expired|none)\s/)[0]),
    ['work', '  dev', '  stage', '  prod'],
  );
  assert.ok(
    lines.every((l) => /valid\s+expires in/.test(l)),
    status.stdout,
  );
  const rows = JSON.parse((await s.cli(['status', '--json'])).stdout) as { name: string; kind: string }[];
  assert.deepEqual(
    rows.map((r) => [r.name, r.kind]),
    [
      ['work', 'aws'],
      ['dev', 'role'],
      ['stage', 'role'],
      ['prod', 'role'],
    ],
  );

  // Without a terminal and without a flag, the roles keep their credentials.
  const keep = await s.cli(['logout', 'work']);
  assert.equal(keep.code, 0, keep.stderr);
  assert.match(keep.stdout, /Its roles \(dev, stage, prod\) keep their credentials/);
  assert.equal(await callerArn(s, 'dev-mfa'), assumedRoleArn(user, arns[0]));
  // Logging the source in again does not touch roles whose sessions are still valid.
  const again = await s.cli(['login', 'work', '--code', await freshCode(user)]);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(sessionTokenCalls(user), 2);

  const drop = await s.cli(['logout', 'work', '--with-roles']);
  assert.equal(drop.code, 0, drop.stderr);
  assert.match(drop.stdout, /Also logged out its roles: dev, stage, prod\./);
  const after = JSON.parse((await s.cli(['status', '--json'])).stdout) as { state: string }[];
  assert.deepEqual(
    after.map((r) => r.state),
    ['none', 'none', 'none', 'none'],
  );
  assert.doesNotMatch(fs.readFileSync(s.credentialsPath, 'utf8'), /\[(dev|stage)-mfa\]/);
  const cpAfter = await s.cli(['credential-process', 'prod']);
  assert.equal(cpAfter.code, 1);
  assert.match(cpAfter.stderr, /Role "prod" is assumed with the MFA session of "work", which has none/);
});

test('a 2-hour role is assumed with MFA directly, and says why it asks for a code', async () => {
  const s = sandbox();
  const user = await createUser(aws, uniqueName('bob'));
  await addSource(s, user);
  const roleArn = await createRole(user, {}, 7200);
  const add = await s.cli([
    'role',
    'add',
    'long',
    '--source',
    'work',
    '--role-arn',
    roleArn,
    '--duration',
    '7200',
  ]);
  assert.equal(add.code, 0, add.stderr);
  assert.match(add.stdout, /caps roles assumed from a session at 1 hour; this role asks for 7200 s/);

  // Even with a valid source session, a code is needed: AWS would refuse 2 h to chained credentials.
  assert.equal((await s.cli(['login', 'work', '--code', await freshCode(user)])).code, 0);
  const noCode = await s.cli(['login', 'long']);
  assert.equal(noCode.code, 2);
  assert.match(
    noCode.stderr,
    /Role "long" asks for 7200 s; AWS allows at most 1 hour for roles assumed from a session, so it is assumed with an MFA code of "work" directly\./,
  );

  const login = await s.cli(['login', 'long', '--code', await freshCode(user)]);
  assert.equal(login.code, 0, login.stderr);
  const last = aws.layer.roles.log.at(-1)!;
  assert.deepEqual(
    { caller: last.caller, mfa: last.mfa, durationSeconds: last.durationSeconds, outcome: last.outcome },
    { caller: 'user', mfa: true, durationSeconds: 7200, outcome: 'ok' },
  );
  const [, role] = JSON.parse((await s.cli(['status', '--json'])).stdout) as { expiresAt: string }[];
  const hours = (Date.parse(role.expiresAt) - Date.now()) / 3_600_000;
  assert.ok(hours > 1.95 && hours <= 2, `2-hour session, got ${hours} h`);
  assert.equal(await callerArn(s, 'long-mfa'), assumedRoleArn(user, roleArn));
});

test('the layer enforces the chaining cap with AWS wording; the core classifies it', async () => {
  const user = await createUser(aws, uniqueName('carol'));
  const roleArn = await createRole(user, {}, 7200);
  const base = new STSClient({
    region: aws.region,
    endpoint: aws.endpoint,
    credentials: { accessKeyId: user.accessKeyId, secretAccessKey: user.secretAccessKey },
  });
  const book = CodeBook.forNewUser(user);
  const { Credentials } = await base.send(
    new GetSessionTokenCommand({ SerialNumber: user.serialNumber, TokenCode: await book.one() }),
  );
  const chained = new STSClient({
    region: aws.region,
    endpoint: aws.endpoint,
    credentials: {
      accessKeyId: Credentials!.AccessKeyId!,
      secretAccessKey: Credentials!.SecretAccessKey!,
      sessionToken: Credentials!.SessionToken!,
    },
  });
  const request = { roleArn, sessionName: 'cap', durationSeconds: 7200 };
  try {
    const error = await chained
      .send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'cap', DurationSeconds: 7200 }))
      .then(
        () => undefined,
        (e: unknown) => e as Error & { name: string },
      );
    assert.ok(error, 'AssumeRole for 2 h with session credentials must fail');
    assert.equal(error.name, 'ValidationError');
    assert.equal(error.message, ROLE_MESSAGES.chainingCap);
    assert.equal(
      error.message,
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    );
    const classified = classifyAssumeRoleError(error, { request, sessionHasMfa: true });
    assert.equal(classified.kind, 'invalid-input');
    assert.equal(classified.details.reason, 'role-chaining-cap');
    // One hour from the same session is fine.
    const ok = await chained.send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'cap', DurationSeconds: 3600 }),
    );
    assert.match(ok.Credentials?.AccessKeyId ?? '', /^ASIA|^FSIA/);
  } finally {
    base.destroy();
    chained.destroy();
  }
});

test('refusals explained: MFA required but none, a role that does not trust the user, a wrong external id', async () => {
  const s = sandbox();
  // A user without MFA device: roles are assumed with its base keys, without MFA.
  const plain = await createUser(aws, uniqueName('dave'), { withMfa: false });
  await addSource(s, plain);
  const mfaRole = await createRole(plain);
  await addRole(s, 'needs-mfa', mfaRole);
  const denied = await s.cli(['login', 'needs-mfa']);
  assert.equal(denied.code, 1);
  assert.match(
    denied.stderr,
    /AWS refused role "needs-mfa" \(.*\) because it was asked for without MFA: the role's trust policy requires MFA \(aws:MultiFactorAuthPresent\), and "work" has no MFA device\. Set up an MFA device for "work"/,
  );
  assert.equal(aws.layer.roles.log.at(-1)?.outcome, 'AccessDenied');
  // Without the MFA condition the same user gets in.
  const openRole = await createRole(plain, { mfa: false });
  await addRole(s, 'no-mfa', openRole);
  const ok = await s.cli(['login', 'no-mfa']);
  assert.equal(ok.code, 0, ok.stderr);

  const s2 = sandbox();
  const user = await createUser(aws, uniqueName('erin'));
  await addSource(s2, user);
  assert.equal((await s2.cli(['login', 'work', '--code', await freshCode(user)])).code, 0);
  const foreign = await createRole(user, { principal: 'arn:aws:iam::210987654321:root' });
  const add = await s2.cli(['role', 'add', 'foreign', '--source', 'work', '--role-arn', foreign]);
  assert.equal(add.code, 0, add.stderr);
  const untrusted = await s2.cli(['login', 'foreign']);
  assert.equal(untrusted.code, 1);
  assert.match(
    untrusted.stderr,
    /AWS refused role "foreign": .* does not exist, or its trust policy does not allow "work" to assume it \(AWS does not say which\)\./,
  );
  const missing = `arn:aws:iam::${user.accountId}:role/no-such-role`;
  assert.equal((await s2.cli(['role', 'add', 'ghost', '--source', 'work', '--role-arn', missing])).code, 0);
  assert.match(
    (await s2.cli(['login', 'ghost'])).stderr,
    /does not exist, or its trust policy does not allow/,
  );

  const withId = await createRole(user, { externalId: 'right-id-123' });
  const wrong = await s2.cli([
    'role',
    'add',
    'partner',
    '--source',
    'work',
    '--role-arn',
    withId,
    '--external-id',
    'wrong-id-456',
  ]);
  assert.equal(wrong.code, 0, wrong.stderr);
  const mismatch = await s2.cli(['login', 'partner']);
  assert.equal(mismatch.code, 1);
  assert.match(mismatch.stderr, /AWS refused role "partner": the external id does not match/);
  const right = await s2.cli([
    'role',
    'add',
    'partner2',
    '--source',
    'work',
    '--role-arn',
    withId,
    '--external-id',
    'right-id-123',
  ]);
  assert.equal(right.code, 0, right.stderr);
  const good = await s2.cli(['login', 'partner2']);
  assert.equal(good.code, 0, good.stderr);
  assert.equal(await callerArn(s2, 'partner2-mfa'), assumedRoleArn(user, withId));
  assert.equal(sessionTokenCalls(user), 1);
});

test('role import: shows what it found, asks, and --point changes only the role lines (comments, CRLF, foreign profiles kept)', async () => {
  const s = sandbox();
  const user = await createUser(aws, uniqueName('frank'));
  await addSource(s, user);
  const roleArn = await createRole(user);
  const head =
    '# my AWS config — hand edited\r\n[default]\r\nregion = eu-central-1\r\n\r\n; SSO, not ours\r\n[profile sso]\r\nsso_start_url = https://example.awsapps.com/start\r\nsso_region = us-east-1\r\n\r\n';
  const prodHeader = '[profile prod]\r\n# production, careful\r\n';
  const prodRoleLines = `role_arn = ${roleArn}\r\nsource_profile = work\r\nmfa_serial = ${user.serialNumber}\r\n`;
  const prodTail = 'region = ap-northeast-1\r\noutput = json\r\n';
  const rest =
    '\r\n[profile other-team]\r\nrole_arn = arn:aws:iam::210987654321:role/Other\r\nsource_profile = someone-else\r\n\r\n[profile plain]\r\nregion=us-west-2';
  // Our own profile for "work" (added above) sits at the end of the file; keep the user's bytes in front.
  const ours = fs.readFileSync(s.configPath, 'utf8');
  const original = head + prodHeader + prodRoleLines + prodTail + rest;
  fs.writeFileSync(s.configPath, original + '\r\n' + ours.replace(/\n/g, '\r\n'));
  const before = fs.readFileSync(s.configPath, 'utf8');

  const asked = await s.cli(['role', 'import', '--point']);
  assert.equal(asked.code, 2, 'no terminal and no --yes: refuses, changes nothing');
  assert.match(
    asked.stdout,
    /\[profile prod\] arn:aws:iam::\d+:role\/role-\w+: from mfa-tray profile "work"/,
  );
  assert.match(
    asked.stdout,
    /\[profile other-team\] .*source_profile "someone-else" is not an mfa-tray profile — skipped/,
  );
  assert.match(asked.stderr, /Pass --yes to confirm without a terminal/);
  assert.equal(fs.readFileSync(s.configPath, 'utf8'), before);

  const imported = await s.cli(['role', 'import', '--point', '--yes']);
  assert.equal(imported.code, 0, imported.stderr);
  assert.match(
    imported.stdout,
    /Imported role "prod" from "work" → AWS profile "prod" \(credential_process\)/,
  );
  const after = fs.readFileSync(s.configPath, 'utf8');
  const cpLine =
    /credential_process = (.*)\r\n/.exec(after.slice(before.indexOf('[profile prod]')))?.[1] ?? '';
  assert.match(cpLine, /"credential-process" prod$|credential-process prod$/);
  const expected =
    head +
    prodHeader +
    prodTail.replace('output = json\r\n', `output = json\r\ncredential_process = ${cpLine}\r\n`) +
    rest;
  assert.equal(after.slice(0, expected.length), expected, 'every other byte unchanged');
  assert.equal(after.slice(expected.length), before.slice(original.length));

  // The pointed profile works from one code, through credential_process.
  assert.equal((await s.cli(['login', 'work', '--code', await freshCode(user)])).code, 0);
  assert.equal(await callerArn(s, 'prod'), assumedRoleArn(user, roleArn));
  const list = JSON.parse((await s.cli(['role', 'list', '--json'])).stdout) as {
    name: string;
    role: { source: string };
  }[];
  assert.deepEqual(
    list.map((r) => [r.name, r.role.source]),
    [['prod', 'work']],
  );
  // A second import finds it already there.
  const twice = await s.cli(['role', 'import', '--yes']);
  assert.doesNotMatch(twice.stdout, /profile prod/);
  assert.match(twice.stdout, /Nothing to import\./);

  // Removing the role gives the profile its role lines back (after its other keys) and drops ours.
  const removed = await s.cli(['profile', 'remove', 'prod', '--yes']);
  assert.equal(removed.code, 0, removed.stderr);
  const restored = fs.readFileSync(s.configPath, 'utf8');
  assert.equal(
    restored.slice(0, head.length + prodHeader.length + prodTail.length + prodRoleLines.length),
    head + prodHeader + prodTail + prodRoleLines,
  );
  assert.ok(restored.includes(rest), 'the other profiles are untouched');
});
