import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveSoracomEndpoint, soracomApiUrl } from '../../src/core/soracom/endpoint';
import { cliEndpoint, type CliProfile } from '../support/soracom/soracom-cli';

interface Row {
  why: string;
  env?: string;
  flag?: string;
  profile: CliProfile;
  expected: string;
}

/** soracom-cli's precedence: SORACOM_ENDPOINT, --coverage-type, profile endpoint, profile coverageType. */
const TABLE: Row[] = [
  { why: 'default is Japan', profile: {}, expected: 'https://api.soracom.io' },
  { why: 'coverage jp', profile: { coverageType: 'jp' }, expected: 'https://api.soracom.io' },
  { why: 'coverage g', profile: { coverageType: 'g' }, expected: 'https://g.api.soracom.io' },
  {
    why: 'unknown coverage falls back to Japan',
    profile: { coverageType: 'x' },
    expected: 'https://api.soracom.io',
  },
  { why: 'sandbox jp', profile: { sandbox: true }, expected: 'https://api-sandbox.soracom.io' },
  {
    why: 'sandbox g',
    profile: { coverageType: 'g', sandbox: true },
    expected: 'https://g.api-sandbox.soracom.io',
  },
  {
    why: 'profile endpoint beats coverage and sandbox',
    profile: { coverageType: 'g', sandbox: true, endpoint: 'http://127.0.0.1:9000' },
    expected: 'http://127.0.0.1:9000',
  },
  {
    why: 'the flag beats the profile endpoint',
    flag: 'g',
    profile: { endpoint: 'http://127.0.0.1:9000' },
    expected: 'https://g.api.soracom.io',
  },
  {
    why: 'the flag keeps sandbox',
    flag: 'jp',
    profile: { sandbox: true },
    expected: 'https://api-sandbox.soracom.io',
  },
  {
    why: 'SORACOM_ENDPOINT beats everything, taken as it is',
    env: 'http://127.0.0.1:8080',
    flag: 'g',
    profile: { endpoint: 'http://127.0.0.1:9000', coverageType: 'g' },
    expected: 'http://127.0.0.1:8080',
  },
  {
    why: 'an empty SORACOM_ENDPOINT is unset',
    env: '',
    profile: { coverageType: 'g' },
    expected: 'https://g.api.soracom.io',
  },
];

for (const row of TABLE) {
  test(`endpoint: ${row.why}`, () => {
    const env = row.env === undefined ? {} : { SORACOM_ENDPOINT: row.env };
    const ours = resolveSoracomEndpoint(row.profile, {
      env,
      ...(row.flag ? { coverageType: row.flag } : {}),
    });
    assert.equal(ours, row.expected);
    // The same answer as the soracom-cli emulation gives.
    assert.equal(cliEndpoint(row.profile, env, row.flag), row.expected);
  });
}

test('API URLs are the base + /v1 + the path, as soracom-cli concatenates them', () => {
  assert.equal(soracomApiUrl('http://127.0.0.1:8080', '/auth'), 'http://127.0.0.1:8080/v1/auth');
  assert.equal(soracomApiUrl('https://g.api.soracom.io', '/groups'), 'https://g.api.soracom.io/v1/groups');
});
