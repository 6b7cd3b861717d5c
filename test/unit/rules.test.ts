import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MfaTrayError } from '../../src/core/errors';
import * as rules from '../../src/core/rules';

/** `fn` throws invalid-input naming `field` and `rule`; returns the error for more checks. */
function broken(fn: () => unknown, field: string, rule: string): MfaTrayError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof MfaTrayError, `${field}: an MfaTrayError`);
    assert.equal(error.kind, 'invalid-input');
    assert.equal(error.details.field, field);
    assert.equal(error.details.rule, rule);
    return error;
  }
  assert.fail(`${field}/${rule}: accepted`);
}

test('ruleError: quoted input (CLI) or the field only with the expectation as the hint (IPC)', () => {
  const quoted = broken(() => rules.checkProfileName('bad name', { quote: true }), 'name', 'profile-name');
  assert.equal(
    quoted.message,
    '"bad name" is not a valid profile name: use letters, digits and _ . @ + = , - (up to 64, starting with a letter or digit).',
  );
  assert.equal(quoted.details.hint, undefined);
  const unquoted = broken(() => rules.checkProfileName('bad name'), 'name', 'profile-name');
  assert.equal(unquoted.message, 'The profile name is not valid.');
  assert.equal(
    unquoted.details.hint,
    'Use letters, digits and _ . @ + = , - (up to 64, starting with a letter or digit).',
  );
  assert.ok(!unquoted.message.includes('bad name'));
  // Long input is shortened when quoted.
  const long = broken(() => rules.checkProfileName('y'.repeat(100), { quote: true }), 'name', 'profile-name');
  assert.ok(long.message.startsWith(`"${'y'.repeat(64)}…" is not a valid profile name`));
  // The thing can be named otherwise, and the field given.
  const target = broken(
    () => rules.checkProfileName('-x', { field: 'target', what: 'target AWS profile', quote: true }),
    'target',
    'profile-name',
  );
  assert.match(target.message, /^"-x" is not a valid target AWS profile: /);
});

test('profile name: 1–64, starts with a letter or digit, then letters, digits and _ . @ + = , -', () => {
  for (const ok of ['a', 'A1', 'work_mfa.x@y+z=w,v-u', 'x'.repeat(64)])
    assert.ok(rules.isProfileName(ok), ok);
  for (const bad of ['', '-a', '.a', 'a b', 'a/b', 'x'.repeat(65), 'ä', 5, null, undefined])
    assert.ok(!rules.isProfileName(bad), String(bad));
  assert.equal(rules.checkProfileName('dev'), 'dev');
});

test('access key id and secret: trimmed; ASIA keys refused as temporary; never quoted', () => {
  assert.equal(rules.checkAccessKeyId(' AKIAIOSFODNN7EXAMPLE '), 'AKIAIOSFODNN7EXAMPLE');
  assert.equal(rules.checkAccessKeyId('A'.repeat(16)), 'A'.repeat(16));
  broken(() => rules.checkAccessKeyId('A'.repeat(15)), 'accessKeyId', 'access-key-id');
  broken(() => rules.checkAccessKeyId('A'.repeat(129)), 'accessKeyId', 'access-key-id');
  broken(() => rules.checkAccessKeyId('akiaiosfodnn7example'), 'accessKeyId', 'access-key-id');
  broken(() => rules.checkAccessKeyId(' '.repeat(257)), 'accessKeyId', 'access-key-id');
  broken(() => rules.checkAccessKeyId(42), 'accessKeyId', 'access-key-id');
  const temporary = broken(
    () => rules.checkAccessKeyId('ASIAIOSFODNN7EXAMPLE'),
    'accessKeyId',
    'temporary-access-key',
  );
  assert.ok(!temporary.message.includes('ASIAIOSFODNN7EXAMPLE'));
  const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
  assert.equal(rules.checkSecretAccessKey(`${secret}\n`), secret);
  const bad = broken(() => rules.checkSecretAccessKey(`${secret}!`), 'secretAccessKey', 'secret-access-key');
  assert.ok(!bad.message.includes(secret) && !bad.details.hint?.includes(secret));
  broken(() => rules.checkSecretAccessKey('a'.repeat(15)), 'secretAccessKey', 'secret-access-key');
});

test('MFA serials: virtual ARNs (any partition, with a path) and hardware serials; virtual-only where asked', () => {
  const virtual = 'arn:aws:iam::123456789012:mfa/team/phone';
  for (const ok of [virtual, 'arn:aws-us-gov:iam::123456789012:mfa/p', 'GAHT12345678'])
    assert.ok(rules.isMfaSerial(ok), ok);
  for (const bad of [
    'arn:aws:iam::12345678901:mfa/p',
    'arn:aws:iam::123456789012:u2f/p',
    'arn:aws:iam::123456789012:mfa/',
    'GAHT1234',
    `arn:aws:iam::123456789012:mfa/${'x'.repeat(250)}`,
  ])
    assert.ok(!rules.isMfaSerial(bad), bad);
  assert.equal(rules.MFA_SERIAL_PATTERN.test(virtual), true);
  assert.equal(rules.MFA_SERIAL_PATTERN.test('GAHT12345678'), true);
  assert.equal(rules.checkMfaSerial(` ${virtual} `), virtual);
  broken(() => rules.checkMfaSerial('nope'), 'mfaSerial', 'mfa-serial');
  assert.equal(rules.checkVirtualMfaSerial(virtual), virtual);
  broken(() => rules.checkVirtualMfaSerial('GAHT12345678'), 'serialNumber', 'virtual-mfa-serial');
  broken(() => rules.checkVirtualMfaSerial('nope'), 'serialNumber', 'mfa-serial');
  assert.ok(rules.isVirtualMfaSerial(virtual));
  assert.ok(!rules.isVirtualMfaSerial('GAHT12345678'));
  assert.equal(rules.accountIdFromSerial(virtual), '123456789012');
  assert.equal(rules.accountIdFromSerial('GAHT12345678'), undefined);
  assert.equal(rules.accountIdFromSerial(null), undefined);
  assert.ok(rules.isRootMfaSerial('arn:aws:iam::123456789012:mfa/root-account-mfa-device'));
  assert.ok(!rules.isRootMfaSerial(virtual));
});

test('device names and paths as IAM takes them; names with a path where the CLI takes ARNs', () => {
  assert.ok(rules.isDeviceName('a'));
  assert.ok(rules.isDeviceName('alice-phone_1+=,.@'));
  assert.ok(rules.isDeviceName('x'.repeat(226)));
  for (const bad of ['', 'x'.repeat(227), 'my phone', 'a/b', ' a']) assert.ok(!rules.isDeviceName(bad), bad);
  const e = broken(() => rules.checkDeviceName('my phone', { quote: true }), 'deviceName', 'device-name');
  assert.match(e.message, /^"my phone" is not a valid MFA device name/);
  assert.ok(rules.isDevicePath('/'));
  assert.ok(rules.isDevicePath('/team/a/'));
  assert.ok(rules.isDevicePath(`/${'x'.repeat(510)}/`));
  for (const bad of ['', 'team/', '/team', `/${'x'.repeat(511)}/`, '/a b/'])
    assert.ok(!rules.isDevicePath(bad), bad);
  broken(() => rules.checkDevicePath('team'), 'path', 'device-path');
  for (const ok of ['phone', '/phone', 'team/phone', '/team/phone'])
    assert.ok(rules.DEVICE_NAME_WITH_PATH_PATTERN.test(ok), ok);
  assert.ok(!rules.DEVICE_NAME_WITH_PATH_PATTERN.test('team//phone'));
  assert.equal(rules.MFA_DEVICE_LIMIT, 8);
});

test('region', () => {
  for (const ok of ['us-east-1', 'eu-west-1', 'ap-northeast-1', 'us-gov-west-1'])
    assert.ok(rules.isRegion(ok), ok);
  for (const bad of ['us-east', 'US-EAST-1', 'useast1', `${'a'.repeat(30)}-b-1`])
    assert.ok(!rules.isRegion(bad), bad);
  assert.equal(rules.checkRegion(' eu-west-1 '), 'eu-west-1');
  const e = broken(() => rules.checkRegion('mars', { quote: true }), 'region', 'region');
  assert.match(e.message, /^"mars" is not a valid AWS region name: like us-east-1/);
});

test('session duration 900–129600 whole seconds; root capped at 3600; default 12 h', () => {
  assert.ok(rules.isDurationSeconds(900));
  assert.ok(rules.isDurationSeconds(129600));
  for (const bad of [899, 129601, 900.5, '900', NaN]) assert.ok(!rules.isDurationSeconds(bad), String(bad));
  broken(() => rules.checkDurationSeconds(60), 'durationSeconds', 'duration');
  assert.equal(rules.DEFAULT_DURATION_SECONDS, 43200);
  assert.equal(rules.ROOT_MAX_DURATION_SECONDS, 3600);
});

test('delivery and language enums', () => {
  assert.deepEqual(rules.DELIVERIES, ['file', 'process']);
  assert.equal(rules.checkDelivery('process'), 'process');
  broken(() => rules.checkDelivery('env'), 'delivery', 'delivery');
  assert.deepEqual(rules.LANGUAGES, ['en', 'ja', 'system']);
  assert.equal(rules.checkLanguage('ja'), 'ja');
  broken(() => rules.checkLanguage('fr'), 'language', 'language');
});

test('lead time 60–3600 whole seconds', () => {
  assert.equal(rules.checkLeadTimeSeconds(60), 60);
  assert.equal(rules.checkLeadTimeSeconds(3600), 3600);
  for (const bad of [59, 3601, 600.5, '600'])
    broken(() => rules.checkLeadTimeSeconds(bad), 'leadTimeSeconds', 'lead-time');
  assert.ok(rules.isLeadTimeSeconds(rules.DEFAULT_LEAD_TIME_SECONDS));
});

test('codes: 6 digits as people paste them; at most 32 characters; the field named', () => {
  assert.equal(rules.normaliseCode('123 456'), '123456');
  assert.equal(rules.normaliseCode('123-456\n'), '123456');
  assert.equal(rules.normaliseCode('１２３４５６'), '123456');
  assert.equal(rules.normaliseCode('12345'), undefined);
  assert.equal(rules.normaliseCode('1234567'), undefined);
  assert.equal(rules.checkCode(' 123 456 '), '123456');
  broken(() => rules.checkCode('12345'), 'code', 'otp-code');
  broken(() => rules.checkCode(`123456${' '.repeat(27)}`), 'code', 'otp-code');
  broken(() => rules.checkCode(123456), 'code', 'otp-code');
  const second = broken(
    () => rules.checkCode('x', { field: 'code2', what: 'second code' }),
    'code2',
    'otp-code',
  );
  assert.equal(second.message, 'The second code is not valid.');
  assert.equal(rules.MAX_CODE_COMMAND_LENGTH, 1000);
  assert.deepEqual(Object.values(rules.CODE_COMMAND_RULES).sort(), [
    'code-command-empty',
    'code-command-no-shell',
    'code-command-too-long',
  ]);
});

test('one "session must still be valid" threshold: 60 s; rotations need 5 min', () => {
  assert.equal(rules.MIN_SESSION_VALIDITY_MS, 60_000);
  assert.equal(rules.MIN_ROTATION_SESSION_VALIDITY_MS, 300_000);
  // A CLI call waits 2 min for a typed code by default, never more than 15 min (the bridge and the prompts).
  assert.equal(rules.DEFAULT_PROMPT_TIMEOUT_MS, 120_000);
  assert.ok(rules.MIN_PROMPT_TIMEOUT_MS < rules.DEFAULT_PROMPT_TIMEOUT_MS);
  assert.equal(rules.MAX_PROMPT_TIMEOUT_MS, 900_000);
});

test('roles: ARN, session name, external id (never quoted), duration 900–43200, chaining cap 3600', () => {
  const arn = 'arn:aws:iam::123456789012:role/path/Admin';
  assert.equal(rules.checkRoleArn(arn), arn);
  const e = broken(() => rules.checkRoleArn('arn:aws:iam::123456789012:user/x'), 'roleArn', 'role-arn');
  assert.match(e.message, /^"arn:aws:iam::123456789012:user\/x" is not a valid role ARN/);
  assert.equal(rules.checkRoleSessionName('ab'), 'ab');
  broken(() => rules.checkRoleSessionName('a'), 'sessionName', 'role-session-name');
  broken(() => rules.checkRoleSessionName('a'.repeat(65)), 'sessionName', 'role-session-name');
  assert.equal(rules.checkExternalId('ab:/'), 'ab:/');
  const ext = broken(() => rules.checkExternalId('secret id'), 'externalId', 'external-id');
  assert.ok(!ext.message.includes('secret id'));
  broken(() => rules.checkExternalId('x'.repeat(1225)), 'externalId', 'external-id');
  assert.equal(rules.checkRoleDurationSeconds(900), 900);
  assert.equal(rules.checkRoleDurationSeconds(43200), 43200);
  broken(() => rules.checkRoleDurationSeconds(43201), 'durationSeconds', 'role-duration');
  broken(() => rules.checkRoleDurationSeconds(899), 'durationSeconds', 'role-duration');
  assert.equal(rules.ROLE_CHAINING_MAX_SECONDS, 3600);
});

test('rotation: grace days 0–365, Funnel prefix', () => {
  assert.equal(rules.checkGraceDays(0), 0);
  assert.equal(rules.checkGraceDays(365), 365);
  broken(() => rules.checkGraceDays(366), 'graceDays', 'grace-days');
  broken(() => rules.checkGraceDays(-1), 'graceDays', 'grace-days');
  broken(() => rules.checkGraceDays(1.5), 'graceDays', 'grace-days');
  assert.equal(rules.checkFunnelPrefix('fun'), 'fun');
  assert.equal(rules.checkFunnelPrefix(`a${'b'.repeat(80)}`).length, 81);
  broken(() => rules.checkFunnelPrefix(`a${'b'.repeat(81)}`), 'prefix', 'funnel-prefix');
  broken(() => rules.checkFunnelPrefix('-fun'), 'prefix', 'funnel-prefix');
  broken(() => rules.checkFunnelPrefix('fu n'), 'prefix', 'funnel-prefix');
});

test('SORACOM: IPC text and secret shapes, coverage, token timeout, each with its field', () => {
  assert.equal(rules.checkSoracomText(' a@example.com ', 'email', 'email'), 'a@example.com');
  broken(() => rules.checkSoracomText('a\nb', 'email', 'email'), 'email', 'one-line');
  broken(() => rules.checkSoracomText('x'.repeat(257), 'userName', 'user name'), 'userName', 'one-line');
  const secret = 'pass word !"#$%&';
  assert.equal(rules.checkSoracomSecret(secret), secret);
  const e = broken(() => rules.checkSoracomSecret('a\nb'), 'secret', 'secret');
  assert.ok(!e.message.includes('a\nb'));
  broken(() => rules.checkSoracomSecret(''), 'secret', 'secret');
  broken(() => rules.checkSoracomSecret('x'.repeat(1025)), 'secret', 'secret');
  assert.ok(rules.isCoverageType('jp') && rules.isCoverageType('g') && !rules.isCoverageType('JP'));
  assert.equal(rules.checkCoverageType(' JP '), 'jp');
  broken(() => rules.checkCoverageType('eu'), 'coverage', 'coverage');
  assert.equal(rules.checkTokenTimeoutSeconds(180), 180);
  assert.equal(rules.checkTokenTimeoutSeconds('172800'), 172800);
  broken(() => rules.checkTokenTimeoutSeconds(179), 'tokenTimeoutSeconds', 'token-timeout');
  broken(() => rules.checkTokenTimeoutSeconds('1e5'), 'tokenTimeoutSeconds', 'token-timeout');
  broken(() => rules.checkCode('12345'), 'code', 'otp-code');
  assert.equal(rules.checkCode('１２３ ４５６'), '123456');
  broken(() => rules.checkEmail('alice'), 'email', 'email');
  broken(() => rules.checkOperatorId('OP1'), 'operatorId', 'operator-id');
  broken(() => rules.checkSamUserName('a b'), 'userName', 'sam-user-name');
  broken(() => rules.checkAuthKeyId('key'), 'authKeyId', 'auth-key-id');
  broken(() => rules.checkEndpoint('ftp://x'), 'endpoint', 'url');
  broken(() => rules.checkSoracomProfileName('.x'), 'soracomProfile', 'soracom-profile-name');
});

test('IAM user ARNs: the user name (with a path), none for root or roles', () => {
  assert.equal(rules.userNameFromArn('arn:aws:iam::123456789012:user/alice'), 'alice');
  assert.equal(rules.userNameFromArn('arn:aws-cn:iam::123456789012:user/team/a/alice'), 'alice');
  assert.equal(rules.userNameFromArn('arn:aws:iam::123456789012:root'), undefined);
  assert.equal(rules.userNameFromArn('arn:aws:sts::123456789012:assumed-role/R/s'), undefined);
  assert.ok(rules.ROOT_USER_ARN_PATTERN.test('arn:aws:iam::123456789012:root'));
  assert.ok(!rules.ROOT_USER_ARN_PATTERN.test('arn:aws:iam::123456789012:user/root'));
});
