import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MfaTrayError } from '../../src/core/errors';
import {
  checkAuthKeyId,
  checkCoverageType,
  checkEmail,
  checkEndpoint,
  checkOperatorId,
  checkSamUserName,
  checkSoracomProfileName,
  checkTokenTimeoutSeconds,
} from '../../src/core/rules/soracom-rules';

function invalid(fn: () => unknown, field: string): void {
  assert.throws(
    fn,
    (e: unknown) =>
      e instanceof MfaTrayError && e.kind === 'invalid-input' && e.message.startsWith(`${field}:`),
  );
}

test('email', () => {
  assert.equal(checkEmail(' alice@example.com '), 'alice@example.com');
  invalid(() => checkEmail('alice'), 'email');
  invalid(() => checkEmail('a b@example.com'), 'email');
});

test('operator id: OP and 10 digits (lower-case op accepted, normalised)', () => {
  assert.equal(checkOperatorId('OP0012345678'), 'OP0012345678');
  assert.equal(checkOperatorId('op0012345678'), 'OP0012345678');
  invalid(() => checkOperatorId('OP001234567'), 'operator id');
  invalid(() => checkOperatorId('OPX012345678'), 'operator id');
});

test('SAM user name', () => {
  assert.equal(checkSamUserName('ops.bot-1@team'), 'ops.bot-1@team');
  invalid(() => checkSamUserName(''), 'SAM user name');
  invalid(() => checkSamUserName('has space'), 'SAM user name');
  invalid(() => checkSamUserName('x'.repeat(101)), 'SAM user name');
});

test('auth key id', () => {
  assert.equal(
    checkAuthKeyId('keyId-abcde12345fghij67890klmno12345pq'),
    'keyId-abcde12345fghij67890klmno12345pq',
  );
  invalid(() => checkAuthKeyId('abcde12345'), 'auth key id');
  invalid(() => checkAuthKeyId('keyId-'), 'auth key id');
});

test('coverage', () => {
  assert.equal(checkCoverageType('JP'), 'jp');
  assert.equal(checkCoverageType('g'), 'g');
  invalid(() => checkCoverageType('global'), 'coverage');
});

test('token timeout: whole seconds 180–172800', () => {
  assert.equal(checkTokenTimeoutSeconds(180), 180);
  assert.equal(checkTokenTimeoutSeconds('172800'), 172800);
  invalid(() => checkTokenTimeoutSeconds(179), 'token timeout');
  invalid(() => checkTokenTimeoutSeconds(172801), 'token timeout');
  invalid(() => checkTokenTimeoutSeconds(600.5), 'token timeout');
  invalid(() => checkTokenTimeoutSeconds('1e3'), 'token timeout');
});

test('endpoint: http(s) URL, trailing slash dropped', () => {
  assert.equal(checkEndpoint('http://127.0.0.1:8080/'), 'http://127.0.0.1:8080');
  invalid(() => checkEndpoint('ftp://x'), 'endpoint');
  invalid(() => checkEndpoint('https://x/?a=1'), 'endpoint');
  invalid(() => checkEndpoint('not a url'), 'endpoint');
});

test('SORACOM CLI profile name and OTP code', () => {
  assert.equal(checkSoracomProfileName('work-2'), 'work-2');
  invalid(() => checkSoracomProfileName('../x'), 'SORACOM CLI profile');
  invalid(() => checkSoracomProfileName('.hidden'), 'SORACOM CLI profile');
});
