// The go-shellwords port used by the soracom-cli emulation, checked on go-shellwords' documented behaviour,
// and our profileCommand quoting checked against it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { joinShellWords } from '../../src/core/soracom/shell-words';
import { parseShellWords } from '../support/soracom/shellwords';

test('go-shellwords rules: quotes, escapes, metacharacters end the line, no expansion', () => {
  const cases: [string, string[]][] = [
    ['var --bar=baz', ['var', '--bar=baz']],
    ['var "--bar=baz"', ['var', '--bar=baz']],
    ["var '--bar=baz'", ['var', '--bar=baz']],
    ['var --bar="baz"', ['var', '--bar=baz']],
    ['var "--bar baz"', ['var', '--bar baz']],
    ['var --"bar baz"', ['var', '--bar baz']],
    ['var  --"bar baz"', ['var', '--bar baz']],
    ['a "" b', ['a', '', 'b']],
    ["a 'b\\c'", ['a', 'b\\c']],
    ['a "b\\"c"', ['a', 'b"c']],
    ['a b\\ c', ['a', 'b c']],
    ['a \\t', ['a', '\t']],
    ['op read x | jq .', ['op', 'read', 'x']],
    ['a; rm -rf /', ['a']],
    ['echo $HOME `id`', ['echo', '$HOME', '`id`']],
    ['/bin/sh -c "op item get x --otp | jq -R ."', ['/bin/sh', '-c', 'op item get x --otp | jq -R .']],
  ];
  for (const [line, words] of cases) assert.deepEqual(parseShellWords(line), words, line);
  for (const bad of ['a "b', "a 'b", 'a \\', 'a (b)', 'a b)'])
    assert.throws(() => parseShellWords(bad), /invalid command line string/, bad);
});

test('our profileCommand quoting survives go-shellwords unchanged', () => {
  const words = [
    '/usr/bin/node',
    "/home/o'brien/My Apps/mfa-tray/main.js",
    'C:\\Program Files\\nodejs\\node.exe',
    'soracom',
    'profile-command',
    'name with "quotes" | and ; $VAR `x` (y)',
    '',
    'plain-name_1.2',
  ];
  assert.deepEqual(parseShellWords(joinShellWords(words)), words);
  assert.equal(joinShellWords(['/usr/bin/node', 'soracom', 'a b']), "/usr/bin/node soracom 'a b'");
});
