// How SoracomApiClient turns answers into typed errors; fetch is injected (a typed fake through the
// constructor), the real HTTP paths are in test/integration/soracom-api.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MfaTrayError } from '../../src/core/errors';
import { SoracomApiClient, type SoracomRequest } from '../../src/core/soracom/api-client';

function clientAnswering(status: number, body: unknown, seen: Request[] = []): SoracomApiClient {
  const fake: typeof fetch = (input, init) => {
    seen.push(new Request(input, init));
    const text = body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body);
    return Promise.resolve(new Response(text, { status }));
  };
  return new SoracomApiClient({ endpoint: 'https://api.example', lang: 'ja', fetch: fake });
}

async function kindOf(client: SoracomApiClient, request: SoracomRequest): Promise<MfaTrayError> {
  try {
    await client.request(request);
  } catch (error) {
    if (error instanceof MfaTrayError) return error;
    throw error;
  }
  throw new Error('no error');
}

const CREDS = { apiKey: 'api-1', token: 'tok' };

test('headers: language, JSON, API key + token only when given', async () => {
  const seen: Request[] = [];
  await clientAnswering(200, { ok: true }, seen).request({ method: 'POST', path: '/auth', body: { a: 1 } });
  await clientAnswering(200, [], seen).request({
    method: 'GET',
    path: '/groups',
    query: { limit: 2, x: undefined },
    credentials: CREDS,
  });
  assert.equal(seen[0].url, 'https://api.example/v1/auth');
  assert.equal(seen[0].headers.get('x-soracom-lang'), 'ja');
  assert.equal(seen[0].headers.get('content-type'), 'application/json');
  assert.equal(seen[0].headers.get('x-soracom-api-key'), null);
  assert.equal(seen[1].url, 'https://api.example/v1/groups?limit=2');
  assert.equal(seen[1].headers.get('x-soracom-api-key'), 'api-1');
  assert.equal(seen[1].headers.get('x-soracom-token'), 'tok');
});

test('error kinds: AUM0063, 401 on /auth, 401 with a token, 429, 5xx, other 4xx', async () => {
  const auth: SoracomRequest = { method: 'POST', path: '/auth', body: {} };
  const call: SoracomRequest = { method: 'GET', path: '/groups', credentials: CREDS };
  const cases: [number, unknown, SoracomRequest, string, string | undefined][] = [
    [
      401,
      { code: 'AUM0063', message: 'MFA OTP code is required.' },
      auth,
      'soracom-code-required',
      'AUM0063',
    ],
    [401, { code: 'AUM0001', message: 'Invalid.' }, auth, 'soracom-auth-failed', 'AUM0001'],
    [401, { code: 'AUM0051', message: 'expired' }, call, 'no-session', 'AUM0051'],
    [429, { code: 'COM0429', message: 'slow down' }, call, 'throttled', 'COM0429'],
    [503, 'gateway html', call, 'server', undefined],
    [404, { code: 'COM0004', message: 'Not found.' }, call, 'soracom-api', 'COM0004'],
  ];
  for (const [status, body, request, kind, code] of cases) {
    const error = await kindOf(clientAnswering(status, body), request);
    assert.equal(error.kind, kind, `${status} ${JSON.stringify(body)}`);
    assert.equal(error.details.soracomCode, code);
    assert.equal(error.details.httpStatus, status);
    assert.equal(error.details.endpoint, 'https://api.example');
  }
  const refused = await kindOf(
    clientAnswering(401, { code: 'AUM0001', message: 'パスワードが違います' }),
    auth,
  );
  assert.equal(refused.message, 'SORACOM did not accept the login: パスワードが違います (AUM0001)');
});

test('a 2xx answer that is not JSON is a server error; an empty 204 is fine', async () => {
  assert.equal(
    (await kindOf(clientAnswering(200, '<html>'), { method: 'GET', path: '/groups' })).kind,
    'server',
  );
  const ok = await clientAnswering(204, undefined).request({
    method: 'POST',
    path: '/auth/logout',
    credentials: CREDS,
  });
  assert.deepEqual([ok.status, ok.body], [204, undefined]);
});
