/**
 * The command line's own words, in-process: help for every command, wrapping, "did you mean", missing
 * arguments, --version, and no parser or runtime error text for any bad command line. Nothing here may
 * reach the core: it refuses to open.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { CliCommand } from '../../src/cli/command';
import { CLI_NAME, ROOT } from '../../src/cli/command-registry';
import { accountOfSerial, deviceArn, isDeviceName } from '../../src/cli/device-serial';
import { closest, editDistance } from '../../src/cli/did-you-mean';
import { wrap } from '../../src/cli/help';
import { main } from '../../src/cli/main';
import { FakeTerminal } from '../support/fakes/fake-terminal';

async function run(argv: string[], columns = 80) {
  const io = new FakeTerminal({ columns });
  const code = await main(argv, io, {}, () => Promise.reject(new Error('the core must not be opened')));
  return { code, stdout: io.stdout, stderr: io.stderr };
}

/** Every command and group as the words that call it: [], ['profile'], ['profile', 'add'], … */
function allPaths(command: CliCommand = ROOT, at: string[] = []): { path: string[]; command: CliCommand }[] {
  const here = [{ path: at, command }];
  if (command.kind === 'command') return here;
  return here.concat(...command.commands.map((c) => allPaths(c, [...at, c.name])));
}

const PATHS = allPaths();

test('the command table and the help load neither the AWS SDK nor keytar (credential-process loads them too)', async () => {
  await run(['--help']);
  await run(['mfa', 'create', '--help']);
  const loaded = Object.keys(require.cache);
  assert.ok(
    loaded.some((f) => f.includes(`${path.sep}cli${path.sep}command-registry.`)),
    'module list works',
  );
  assert.deepEqual(
    loaded.filter((f) =>
      /[\\/](keytar|@aws-sdk|@smithy)[\\/]|keytar-store|mfa-devices|[\\/]core[\\/]service\./.test(f),
    ),
    [],
  );
});

test('the table has every command the CLI had, and groups other helpers can extend', () => {
  const leaves = PATHS.filter((p) => p.command.kind === 'command').map((p) => p.path.join(' '));
  assert.deepEqual(leaves, [
    'profile add',
    'profile import',
    'profile list',
    'profile remove',
    'login',
    'status',
    'logout',
    'credential-process',
    'mfa create',
    'mfa enable',
    'mfa resync',
    'mfa list',
    'mfa remove',
    'mfa authenticator status',
    'mfa authenticator off',
    'mfa authenticator login',
    'rotate',
    'role add',
    'role import',
    'role list',
    'soracom add',
    'soracom profile-command',
    'soracom mfa enable',
    'soracom mfa verify',
    'soracom mfa status',
    'soracom authenticator off',
    'funnel rotate',
    'funnel status',
    'funnel finish',
  ]);
});

test('-h, --help and `help …` give the same help for every command and group, on stdout, status 0', async () => {
  for (const { path: words, command } of PATHS) {
    const long = await run([...words, '--help']);
    const short = await run([...words, '-h']);
    const viaHelp = await run(['help', ...words]);
    const label = `mfa-tray ${words.join(' ')}`;
    for (const r of [long, short, viaHelp]) {
      assert.equal(r.code, 0, `${label}: ${r.stderr}`);
      assert.equal(r.stderr, '', label);
    }
    assert.equal(short.stdout, long.stdout, label);
    assert.equal(viaHelp.stdout, long.stdout, label);
    assert.ok(long.stdout.includes(command.summary.split(' ').slice(0, 4).join(' ')), `${label}: summary`);
    if (command.kind === 'command') {
      assert.ok(long.stdout.startsWith(`Usage: mfa-tray ${words.join(' ')}`), label);
      for (const p of command.positionals ?? [])
        assert.ok(long.stdout.includes(`  ${p.name}`), `${label} ${p.name}`);
      for (const name of Object.keys(command.options ?? {})) {
        assert.ok(long.stdout.includes(`--${name}`), `${label} --${name}`);
      }
      assert.match(long.stdout, /-h, --help +Show this help\./);
    } else {
      for (const child of command.commands) {
        assert.ok(
          long.stdout.includes(`mfa-tray ${[...words, child.name].join(' ')}`),
          `${label} lists ${child.name}`,
        );
      }
    }
    for (const e of command.examples ?? []) {
      assert.ok(long.stdout.includes(`$ ${e.command.split(' ').slice(0, 3).join(' ')}`), `${label}: example`);
    }
  }
});

test('a group also takes `help SUB`: mfa help create, mfa authenticator help login', async () => {
  assert.equal(
    (await run(['mfa', 'help', 'create'])).stdout,
    (await run(['mfa', 'create', '--help'])).stdout,
  );
  assert.equal(
    (await run(['mfa', 'authenticator', 'help', 'login'])).stdout,
    (await run(['help', 'mfa', 'authenticator', 'login'])).stdout,
  );
  const top = await run(['help']);
  assert.equal(top.code, 0);
  assert.match(top.stdout, /^mfa-tray — /);
  assert.match(top.stdout, /--version +Print the version\./);
  assert.match(top.stdout, /\nExamples:\n {2}# /);
  assert.match(top.stdout, /Environment: MFA_TRAY_HOME/);
});

test('a group alone prints its help on stdout with status 2, as before', async () => {
  for (const words of [[], ['mfa'], ['profile'], ['mfa', 'authenticator']]) {
    const r = await run(words);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, (await run([...words, '--help'])).stdout);
  }
});

test('help is wrapped to the terminal width (long words, like ARNs, stay whole)', async () => {
  for (const columns of [40, 60, 100]) {
    for (const { path: words } of PATHS) {
      const { stdout } = await run([...words, '--help'], columns);
      for (const line of stdout.split('\n')) {
        const oneWord = !line.replace(/ \\$/, '').trim().includes(' ');
        // The command's own path is never split: `soracom authenticator off` alone fills 40 columns.
        const pathAlone = `Usage: mfa-tray ${words.join(' ')}`;
        const unbreakable = line.startsWith(pathAlone) && pathAlone.length > columns - 5;
        assert.ok(
          line.length <= columns || oneWord || unbreakable,
          `${columns} columns, "${words.join(' ')}": ${line}`,
        );
      }
    }
  }
  const narrow = (await run(['mfa', 'create', '--help'], 60)).stdout;
  const wide = (await run(['mfa', 'create', '--help'], 120)).stdout;
  assert.ok(narrow.split('\n').length > wide.split('\n').length, 'a wider terminal takes fewer lines');
  assert.ok(
    wide.split('\n').some((l) => l.length > 80),
    'and uses its width',
  );
  // A wrapped synopsis continues under the first argument; a wrapped example stays a valid shell line.
  assert.match(narrow, /^Usage: mfa-tray mfa create DEVICE_NAME --profile NAME\n {27}\[--path \/p\/\]/);
  const example = (await run(['profile', 'add', '--help'], 60)).stdout;
  assert.match(example, /\$ pass show aws\/work \| mfa-tray profile add work \\\n {6}--access-key-id/);
});

test('wrap() fills paragraphs, keeps line breaks and indents', () => {
  assert.equal(
    wrap('one two three four five six seven eight nine ten eleven', 40, '  '),
    '  one two three four five six seven\n  eight nine ten eleven',
  );
  assert.equal(wrap('a\nb', 40), 'a\nb');
  assert.equal(wrap('x '.repeat(3) + 'y'.repeat(50), 40, '', '> '), `> x x x\n${'y'.repeat(50)}`);
});

test('did you mean: commands, subcommands, options and option values within two edits', async () => {
  const cases: [string[], string][] = [
    [['loign', 'work'], 'mfa-tray: unknown command "loign" (did you mean "login"?)'],
    [['stauts'], 'mfa-tray: unknown command "stauts" (did you mean "status"?)'],
    [['profile', 'lsit'], 'mfa-tray: unknown profile command "lsit" (did you mean "list"?)'],
    [['mfa', 'creat', 'x'], 'mfa-tray: unknown mfa command "creat" (did you mean "create"?)'],
    [
      ['mfa', 'authenticator', 'of'],
      'mfa-tray: unknown mfa authenticator command "of" (did you mean "off"?)',
    ],
    [['hlep'], 'mfa-tray: unknown command "hlep" (did you mean "help"?)'],
    [['help', 'porfile'], 'mfa-tray: unknown command "porfile" (did you mean "profile"?)'],
    [['login', 'work', '--cod', '123456'], 'mfa-tray: unknown option "--cod" (did you mean "--code"?)'],
    [['mfa', 'list', '--profle', 'p'], 'mfa-tray: unknown option "--profle" (did you mean "--profile"?)'],
    [['status', '--jsn'], 'mfa-tray: unknown option "--jsn" (did you mean "--json"?)'],
    [['rotate', 'work', '--stauts'], 'mfa-tray: unknown option "--stauts" (did you mean "--status"?)'],
    [
      ['profile', 'add', 'x', '--access-key', 'AKIA'],
      'mfa-tray: unknown option "--access-key" (did you mean "--access-key-id"?)',
    ],
    [
      ['profile', 'add', 'x', '--access-key-id', 'AKIA', '--delivery', 'proces'],
      'mfa-tray: option "--delivery" is "file" or "process", not "proces" (did you mean "process"?)',
    ],
  ];
  for (const [argv, first] of cases) {
    const r = await run(argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.split('\n')[0], first);
    assert.match(r.stderr, /\nUsage: mfa-tray/);
  }
  // Too far from anything: no guess.
  const far = await run(['frobnicate']);
  assert.equal(far.stderr.split('\n')[0], 'mfa-tray: unknown command "frobnicate"');
  const x = await run(['login', 'w', '--x']);
  assert.equal(x.stderr.split('\n')[0], 'mfa-tray: unknown option "--x"');
});

test('closest() and editDistance(): ≤ 2 edits, a swap is one, a guess keeps some of what was typed', () => {
  assert.equal(editDistance('login', 'loign'), 1);
  assert.equal(editDistance('status', 'stauts'), 1);
  assert.equal(editDistance('remove', 'rmeove'), 1);
  assert.equal(editDistance('create', 'crate'), 1);
  assert.equal(editDistance('profile', 'prfoile'), 1);
  assert.equal(editDistance('profile', 'porfle'), 2);
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(closest('lgoin', ['logout', 'login']), 'login');
  assert.equal(closest('remvoe', ['remove', 'resync']), 'remove');
  assert.equal(closest('xyz', ['list', 'add']), undefined);
  assert.equal(closest('x', ['qr', 'json']), undefined);
  assert.equal(closest('access-key', ['access-key-id', 'region']), 'access-key-id');
});

test('a missing argument is named, with the command’s usage, on stderr, status 2', async () => {
  const cases: [string[], string, string][] = [
    [['login'], 'missing NAME', 'Usage: mfa-tray login NAME [--code 123456]'],
    [['logout'], 'missing NAME', 'Usage: mfa-tray logout NAME'],
    [['rotate'], 'missing NAME', 'Usage: mfa-tray rotate NAME [--yes] [--finish]'],
    [['credential-process'], 'missing NAME', 'Usage: mfa-tray credential-process NAME'],
    [['profile', 'remove'], 'missing NAME', 'Usage: mfa-tray profile remove NAME [--yes]'],
    [['profile', 'import'], 'missing AWS_PROFILE', 'Usage: mfa-tray profile import AWS_PROFILE'],
    [
      ['profile', 'add', 'work'],
      'missing --access-key-id AKID',
      'Usage: mfa-tray profile add NAME --access-key-id AKID',
    ],
    [
      ['mfa', 'create', '--profile', 'p'],
      'missing DEVICE_NAME',
      'Usage: mfa-tray mfa create DEVICE_NAME --profile NAME',
    ],
    [
      ['mfa', 'create', 'phone'],
      'missing --profile NAME',
      'Usage: mfa-tray mfa create DEVICE_NAME --profile NAME',
    ],
    [
      ['mfa', 'enable', '--profile', 'p'],
      'missing DEVICE',
      'Usage: mfa-tray mfa enable DEVICE --profile NAME',
    ],
    [
      ['mfa', 'remove', '--profile', 'p'],
      'missing DEVICE',
      'Usage: mfa-tray mfa remove DEVICE --profile NAME [--yes]',
    ],
    [['mfa', 'list'], 'missing --profile NAME', 'Usage: mfa-tray mfa list --profile NAME [--json]'],
    [
      ['mfa', 'authenticator', 'login'],
      'missing --profile NAME',
      'Usage: mfa-tray mfa authenticator login --profile NAME',
    ],
  ];
  for (const [argv, message, usage] of cases) {
    const r = await run(argv);
    const label = argv.join(' ');
    assert.equal(r.code, 2, label);
    assert.equal(r.stdout, '', label);
    const lines = r.stderr.split('\n');
    assert.equal(lines[0], `mfa-tray: ${message}`, label);
    assert.ok(lines[1].startsWith(usage), `${label}: ${lines[1]}`);
    // The command's own words: those of the usage line before its first argument.
    const words = usage.split(' ').slice(2);
    const commandWords = words.slice(0, words.findIndex((w) => !/^[a-z][a-z-]*$/.test(w)) >>> 0);
    assert.equal(
      lines.at(-2),
      `Run \`mfa-tray help ${commandWords.join(' ')}\` for details and examples.`,
      label,
    );
  }
});

test('--version prints the version from package.json', async () => {
  const pkg = JSON.parse(
    fs.readFileSync(
      path.join(__dirname, '..', '..', __filename.endsWith('.ts') ? '' : '..', 'package.json'),
      'utf8',
    ),
  ) as { version: string };
  const r = await run(['--version']);
  assert.deepEqual(r, { code: 0, stdout: `${CLI_NAME} ${pkg.version}\n`, stderr: '' });
});

test('no bad command line shows a Node parser message, an exception name or a stack', async () => {
  const bad: string[][] = [
    ['--bogus'],
    ['-x'],
    ['--'],
    ['login', '--code'],
    ['login', 'w', '--code'],
    ['login', 'w', '--code', '--json'],
    ['login', 'w', '-c', '1'],
    ['login', 'w', '--code=1', 'extra'],
    ['status', '--json=yes'],
    ['status', 'extra'],
    ['status', '--', '--json'],
    ['profile', '--json'],
    ['profile', 'add'],
    ['profile', 'add', 'x', '--access-key-id'],
    ['profile', 'add', 'x', '--access-key-id', 'A', '--delivery'],
    ['profile', 'add', 'x', '--access-key-id', 'A', '--delivery', 'pigeon'],
    ['profile', 'add', 'x', '--access-key-id', 'A', '--secret-access-key', 'nope'],
    ['profile', 'remove', 'a', 'b'],
    ['profile', 'import'],
    ['mfa', '--profile', 'p'],
    ['mfa', 'create'],
    ['mfa', 'create', 'x', '--profile'],
    ['mfa', 'enable', 'x', '--profile', 'p', '--code1'],
    ['mfa', 'remove', 'x', '--profile', 'p', '--yes=1'],
    ['mfa', 'resync', 'a', 'b', '--profile', 'p'],
    ['mfa', 'authenticator', 'on', '--profile', 'p'],
    ['mfa', 'authenticator', '--profile', 'p'],
    ['help', 'nope'],
    ['help', 'login', 'extra'],
    ['help', 'mfa', 'nope'],
    ['credential-process'],
    ['credential-process', 'a', 'b'],
    ['-', 'x'],
    ['login', 'w', '---code', '1'],
    ['login', 'w', '--=1'],
  ];
  for (const argv of bad) {
    const r = await run(argv);
    const label = JSON.stringify(argv);
    const all = r.stdout + r.stderr;
    assert.equal(r.code, 2, `${label}: ${all}`);
    assert.match(r.stderr, /^mfa-tray: [a-z"]/, label);
    assert.doesNotMatch(
      all,
      /ERR_PARSE_ARGS|ERR_[A-Z_]{4,}|TypeError|RangeError|ReferenceError|\bError\b|\n\s+at |undefined|\[object/,
      `${label}: ${all}`,
    );
    assert.doesNotMatch(all, /core must not be opened/, label);
  }
  // What was given as a stray argument is not echoed back (it may be a secret pasted in the wrong place).
  const stray = await run(['status', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY']);
  assert.doesNotMatch(stray.stderr, /wJalrXUtnFEMI/);
  assert.equal(
    stray.stderr.split('\n')[0],
    'mfa-tray: too many arguments: "status" takes none, only options',
  );
  const secretOption = await run([
    'profile',
    'add',
    'x',
    '--access-key-id',
    'A',
    '--secret-access-key=s3cr3tValue',
  ]);
  assert.doesNotMatch(secretOption.stderr, /s3cr3tValue/);
});

test('device names where ARNs are: resolved in the account of the profile, ARNs and hardware serials as they are', () => {
  const account = accountOfSerial('arn:aws-cn:iam::111122223333:mfa/old-phone');
  assert.deepEqual(account, { partition: 'aws-cn', accountId: '111122223333' });
  assert.equal(accountOfSerial('GAHT12345678'), undefined);
  assert.equal(accountOfSerial(null), undefined);
  assert.equal(deviceArn('phone', account), 'arn:aws-cn:iam::111122223333:mfa/phone');
  assert.equal(deviceArn('/team/phone', account), 'arn:aws-cn:iam::111122223333:mfa/team/phone');
  assert.equal(isDeviceName('phone', { hardwareSerials: true }), true);
  assert.equal(isDeviceName('team/phone', { hardwareSerials: true }), true);
  assert.equal(isDeviceName('arn:aws:iam::111122223333:mfa/phone', { hardwareSerials: false }), false);
  assert.equal(isDeviceName('GAHT12345678', { hardwareSerials: true }), false, 'a hardware serial stays one');
  assert.equal(
    isDeviceName('GAHT12345678', { hardwareSerials: false }),
    true,
    'enable takes virtual devices only',
  );
  assert.equal(isDeviceName('my phone', { hardwareSerials: true }), false, 'malformed: the core explains');
});
