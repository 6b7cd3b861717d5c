import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  botocoreProfileName,
  botocoreSectionFor,
  profileNamesOfSection,
  sectionsNamingProfile,
  shlexSplit,
} from '../../src/core/awsfiles/profile-names';

test('shlexSplit follows Python’s shlex.split (POSIX mode)', () => {
  const cases: [string, string[] | undefined][] = [
    ['profile x', ['profile', 'x']],
    ['profile  x', ['profile', 'x']],
    ['profile\tx', ['profile', 'x']],
    ['profile x ', ['profile', 'x']],
    ['profile "x"', ['profile', 'x']],
    ["profile 'x'", ['profile', 'x']],
    ['profile "a b"', ['profile', 'a b']],
    ['profile a\\ b', ['profile', 'a b']],
    ['profile "a\\"b"', ['profile', 'a"b']],
    ['profile "a\\xb"', ['profile', 'a\\xb']],
    ["profile 'a\\b'", ['profile', 'a\\b']],
    ['profile ""', ['profile', '']],
    ['profile x"y"z', ['profile', 'xyz']],
    ['profile #x', ['profile', '#x']],
    ['profile "x', undefined],
    ['profile x\\', undefined],
    ['profile', ['profile']],
    ['', []],
  ];
  for (const [text, words] of cases) assert.deepEqual(shlexSplit(text), words, JSON.stringify(text));
});

test('config headers: the profile botocore reads, and the wider set any AWS tool may read', () => {
  const config: [string, string | undefined][] = [
    ['default', 'default'],
    ['profile default', 'default'],
    ['profile x', 'x'],
    ['profile  x', 'x'],
    ['profile "x"', 'x'],
    ['profiles x', 'x'],
    ['profile a b', undefined],
    ['profile', undefined],
    [' profile x ', undefined],
    ['sso-session x', undefined],
    ['x', undefined],
    ['Profile x', undefined],
  ];
  for (const [header, name] of config) assert.equal(botocoreProfileName('config', header), name, header);
  // Other SDKs trim the header: taken as x by them, so not ours to take either.
  assert.deepEqual([...profileNamesOfSection('config', ' profile x ')], ['x']);
  assert.deepEqual([...profileNamesOfSection('credentials', ' x ')], [' x ', 'x']);
  assert.deepEqual([...profileNamesOfSection('credentials', 'profile x')], ['profile x']);
  assert.deepEqual(sectionsNamingProfile('config', ['default', 'profile  x', 'profile y'], 'x'), [
    'profile  x',
  ]);
  assert.equal(botocoreSectionFor('config', ['profile x', 'profile "x"', 'profile y'], 'x'), 'profile "x"');
});

test('botocoreProfileName agrees with the AWS CLI’s own build_profile_map on random headers', (t) => {
  const probe = spawnSync('/usr/bin/python3', ['-c', 'import awscli.botocore.configloader'], {
    encoding: 'utf8',
  });
  if (probe.status !== 0) {
    t.skip('the AWS CLI v2 (awscli.botocore) is not importable by /usr/bin/python3');
    return;
  }
  // mulberry32: a small deterministic generator.
  let seed = 11;
  const rand = (): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const pieces = [
    'profile',
    'profiles',
    'default',
    ' ',
    '  ',
    '\t',
    '"',
    "'",
    '\\',
    'x',
    'a b',
    '-',
    '#',
    'Profile',
  ];
  const headers = new Set<string>();
  for (let tries = 0; headers.size < 3000 && tries < 100_000; tries++) {
    let h = '';
    const n = 1 + Math.floor(rand() * 6);
    for (let i = 0; i < n; i++) h += pieces[Math.floor(rand() * pieces.length)];
    if (h.trim() !== '') headers.add(h);
  }
  const list = [...headers];
  const script = `
import json, sys
from awscli.botocore.configloader import build_profile_map
out = []
for h in json.load(sys.stdin):
    names = list(build_profile_map({h: {}})['profiles'].keys())
    out.append(names[0] if names else None)
print(json.dumps(out))`;
  const run = spawnSync('/usr/bin/python3', ['-c', script], {
    input: JSON.stringify(list),
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, run.stderr);
  const expected = JSON.parse(run.stdout) as (string | null)[];
  list.forEach((header, i) =>
    assert.equal(botocoreProfileName('config', header) ?? null, expected[i], JSON.stringify(header)),
  );
});
