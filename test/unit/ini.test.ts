import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IniDocument, parseIni, parseIniBytes, profileSectionName } from '../../src/core/awsfiles/ini';
import { isMfaTrayError } from '../../src/core/errors';

/** Deterministic, so a failing case can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)];
}

function bytesOf(doc: IniDocument): Buffer {
  return Buffer.concat(doc.toBytes());
}

function assertRoundTrip(text: string, label = JSON.stringify(text)): void {
  const doc = parseIni(text);
  assert.equal(doc.toString(), text, label);
  assert.equal(doc.isChanged(), false, label);
  const bytes = Buffer.from(text, 'utf8');
  const fromBytes = parseIniBytes(bytes);
  assert.equal(fromBytes.toString(), text, label);
  assert.deepEqual(bytesOf(fromBytes), bytes, label);
}

function assertUnparseable(fn: () => unknown, line: number, path?: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(isMfaTrayError(error, 'aws-file-unparseable'), String(error));
    assert.equal(error.details.line, line);
    assert.match(error.message, new RegExp(`line ${line}\\b`));
    if (path) {
      assert.equal(error.details.path, path);
      assert.ok(error.message.includes(path));
    }
    return true;
  });
}

const ODD_INPUTS: readonly string[] = [
  '',
  '\n',
  '\r\n',
  '\r',
  '\ufeff',
  '\ufeff\r\n',
  '[default]',
  '[default]\n',
  '[default]\r\naws_access_key_id = AKIA\r\naws_secret_access_key = s\r\n',
  '[default]\naws_access_key_id = AKIA',
  '[a]\r\nx=1\ny = 2\r\r\nz =3\rw= 4',
  '\ufeff# BOM first\n[default]\nregion = eu-west-1\n',
  '# hash comment\n; semicolon comment\n  # indented comment\n\t; tabbed comment\n[a]\nk = v\n',
  '[a]\n\tkey\t=\tvalue\t\n  spaced   =    out   \nempty =\nempty2=\nempty3 = \n',
  '[profile dev]\ns3 =\n  max_concurrent_requests = 20\n  max_queue_size = 1000\nregion = us-east-1\n',
  '[profile dev]\r\ns3 =\r\n\tmax_concurrent_requests = 20\r\n\r\n\tmax_queue_size = 1000\r\n# after\r\nregion=us-east-1',
  '[sso-session my-sso]\nsso_region = us-east-1\nsso_start_url = https://example.awsapps.com/start\n',
  '[services local]\ndynamodb =\n  endpoint_url = http://localhost:8000\n',
  '[default]\nrole_arn = arn:aws:iam::123456789012:role/x\nkey: colon value\nx = a=b=c\n',
  '[ spaced name ]\nk=v\n[a]]\nk=v\n[b] # trailing comment\n[c] ; other\n',
  '[unicode]\nnote = café ☕ 🔑\n# ünïcødé comment\n',
  '\n\n\n[a]\n\n\n\nk = v\n\n\n',
  '   \n\t\n[a]\n \t \nk = v\n   ',
  // Unparseable ones must still round-trip: a lookup may read them.
  'garbage without equals\n[a]\n',
  '[a]\ngarbage without equals\nk = v\n',
  '[unclosed\nk = v\n',
  '[]\n',
  '[a] trailing junk\n',
  'k = v before any section\n[a]\n',
  '[a]\n= no key\n',
  '\ufeff[a]\r\n\u00a0\r\nk=v',
];

test('unmodified documents serialize to the exact input, for odd inputs', () => {
  for (const input of ODD_INPUTS) assertRoundTrip(input);
});

const LINE_FRAGMENTS: readonly string[] = [
  '',
  ' ',
  '\t',
  '  \t ',
  '# comment',
  '; comment',
  '  # indented comment',
  '#',
  ';;',
  '[default]',
  '[profile dev]',
  '[sso-session s]',
  '[services x]',
  '  [indented]',
  '[with # hash]',
  '[a] # trailing',
  'key=value',
  'key = value',
  'key   =   value   ',
  '\tkey\t=\tvalue',
  'key =',
  'key=',
  'KEY = Value',
  'key: value',
  'key : value : more',
  's3 =',
  '  max_concurrent_requests = 20',
  '\tnested = 1',
  '    deeper continuation',
  'role_arn = arn:aws:iam::123:role/x',
  'x = a=b=c',
  'ünïcödé = välue',
  'emoji = 🔑',
  'garbage without equals',
  '[unclosed',
  '[]',
  '[a] trailing',
  '= novalue',
  '\u00a0',
  'a\u00a0= b',
];

test('round-trip identity holds for many random odd documents', () => {
  const rand = random(20240601);
  for (let n = 0; n < 3000; n++) {
    const lines = Math.floor(rand() * 14);
    let text = rand() < 0.2 ? '\ufeff' : '';
    for (let i = 0; i < lines; i++) {
      text += pick(rand, LINE_FRAGMENTS);
      const last = i === lines - 1;
      text += last && rand() < 0.4 ? '' : pick(rand, ['\n', '\n', '\r\n', '\r\n', '\r']);
    }
    assertRoundTrip(text, `case ${n}: ${JSON.stringify(text)}`);
  }
});

/** A valid document built from known pieces, so a test can say what every part must look like after an edit. */
interface Model {
  preamble: string;
  sections: { name: string; text: string; values: Record<string, string> }[];
}

const KEYS = [
  'aws_access_key_id',
  'aws_secret_access_key',
  'aws_session_token',
  'region',
  'output',
  'role_arn',
];

function randomModel(rand: () => number): Model {
  const eols = pick(rand, [['\n'], ['\r\n'], ['\n', '\r\n'], ['\n', '\r\n', '\r']]);
  const eol = (): string => pick(rand, eols);
  let preamble = rand() < 0.2 ? '\ufeff' : '';
  for (let i = Math.floor(rand() * 3); i > 0; i--)
    preamble += pick(rand, ['# top', '; top', '', '  ']) + eol();
  const sections: Model['sections'] = [];
  const count = 1 + Math.floor(rand() * 6);
  for (let s = 0; s < count; s++) {
    const name = pick(rand, ['default', `profile p${s}`, `p${s}`, `sso-session s${s}`, `services x${s}`]);
    if (sections.some((section) => section.name === name)) continue;
    // Indented, a header is a header only where no key precedes it (else botocore continues the key).
    const headers = [`[${name}]`, `[${name}] # note`, ...(sections.length === 0 ? [`  [${name}]`] : [])];
    let text = pick(rand, headers) + eol();
    const values: Record<string, string> = {};
    for (const key of KEYS) {
      if (rand() < 0.5) continue;
      const value = rand() < 0.1 ? '' : `v${Math.floor(rand() * 1000)}`;
      const style = pick(rand, ['=', ' = ', '   =   ', '\t=\t', ': ']);
      text += `${pick(rand, [key, key.toUpperCase()])}${style}${value}${value === '' ? '' : pick(rand, ['', '  '])}${eol()}`;
      values[key] = value;
      if (rand() < 0.2) text += pick(rand, ['# c', '', '; c', '  # indented']) + eol();
    }
    if (rand() < 0.3) {
      text += `s3 =${eol()}  max_concurrent_requests = 20${eol()}\tmax_queue_size = 10${eol()}`;
      values.s3 = '\nmax_concurrent_requests = 20\nmax_queue_size = 10';
    }
    if (rand() < 0.5) text += eol();
    if (rand() < 0.5) text += `# about the next one${eol()}; more${eol()}`;
    sections.push({ name, text, values });
  }
  if (rand() < 0.3) {
    // No final newline.
    const last = sections[sections.length - 1];
    last.text = last.text.replace(/(\r\n|\n|\r)$/, '');
  }
  return { preamble, sections };
}

/** The run of comment lines at the end of a section's text: they introduce the next section. */
function trailingCommentLines(sectionText: string): string {
  const lines = sectionText.match(/[^\r\n]*(\r\n|\n|\r|$)/g)?.filter((line) => line !== '') ?? [];
  let from = lines.length;
  while (from > 1 && /^\s*[#;]/.test(lines[from - 1])) from--;
  return lines.slice(from).join('');
}

function textOf(model: Model): string {
  return model.preamble + model.sections.map((section) => section.text).join('');
}

function plainValues(
  values: Readonly<Record<string, string>> | undefined,
): Record<string, string> | undefined {
  return values && { ...values };
}

test('random valid documents: parse sees the model, and edits touch only their section', () => {
  const rand = random(7);
  for (let n = 0; n < 2000; n++) {
    const model = randomModel(rand);
    const original = textOf(model);
    const label = `case ${n}: ${JSON.stringify(original)}`;
    const doc = parseIni(original);
    assert.deepEqual(doc.problems, [], label);
    assert.deepEqual(
      doc.sectionNames(),
      model.sections.map((section) => section.name),
      label,
    );
    for (const section of model.sections)
      assert.deepEqual(plainValues(doc.getSection(section.name)), section.values, label);

    const k = Math.floor(rand() * model.sections.length);
    const target = model.sections[k];
    const prefix =
      model.preamble +
      model.sections
        .slice(0, k)
        .map((section) => section.text)
        .join('');
    const suffix = model.sections
      .slice(k + 1)
      .map((section) => section.text)
      .join('');
    const op = pick(rand, ['set', 'remove-keys', 'remove-section', 'new-section']);

    if (op === 'set') {
      const updates: Record<string, string> = {};
      for (const key of KEYS) if (rand() < 0.4) updates[rand() < 0.2 ? key.toUpperCase() : key] = `new${n}`;
      if (rand() < 0.3) updates.s3 = 'flat';
      doc.setKeys(target.name, updates);
      const out = doc.toString();
      assert.ok(out.startsWith(prefix), label);
      assert.ok(out.endsWith(suffix), label);
      const reparsed = parseIni(out);
      assert.deepEqual(reparsed.problems, [], label);
      const expected = { ...target.values };
      for (const [key, value] of Object.entries(updates)) expected[key.toLowerCase()] = value;
      assert.deepEqual(plainValues(reparsed.getSection(target.name)), expected, label);
      for (const other of model.sections) {
        if (other !== target)
          assert.deepEqual(plainValues(reparsed.getSection(other.name)), other.values, label);
      }
    } else if (op === 'remove-keys') {
      const keys = KEYS.filter(() => rand() < 0.5);
      if (rand() < 0.5) keys.push('s3');
      doc.removeKeys(target.name, keys);
      const out = doc.toString();
      assert.ok(out.startsWith(prefix), label);
      assert.ok(out.endsWith(suffix), label);
      const expected = { ...target.values };
      for (const key of keys) delete expected[key];
      assert.deepEqual(plainValues(parseIni(out).getSection(target.name)), expected, label);
    } else if (op === 'remove-section') {
      assert.equal(doc.removeSection(target.name), true);
      const isLast = k === model.sections.length - 1;
      const kept = isLast ? '' : trailingCommentLines(target.text);
      // The last section takes the line break before it (appendSection's separator) with it.
      const head = isLast ? prefix.replace(/(\r\n|\n|\r)$/, '') : prefix;
      assert.equal(doc.toString(), head + kept + suffix, label);
      assert.equal(parseIni(doc.toString()).hasSection(target.name), false, label);
    } else {
      doc.setKeys('brand new', { region: 'eu-west-1' });
      const out = doc.toString();
      const endsWithNewline = /(\r\n|\n|\r)$/.test(original);
      assert.ok(out.startsWith(endsWithNewline ? original : original.replace(/\r?$/, '')), label);
      assert.match(
        out,
        new RegExp(
          `(^|\\r\\n|\\n|\\r)\\[brand new\\]${doc.lineEnding === '\n' ? '\\n' : doc.lineEnding === '\r\n' ? '\\r\\n' : '\\r'}`,
        ),
      );
      const reparsed = parseIni(out);
      assert.equal(reparsed.get('brand new', 'region'), 'eu-west-1', label);
      for (const section of model.sections) {
        assert.deepEqual(plainValues(reparsed.getSection(section.name)), section.values, label);
      }
    }
    // The byte form is the string form, whether or not the untouched parts are reused.
    assert.deepEqual(bytesOf(parseIniBytes(Buffer.from(original))), Buffer.from(original), label);
    assert.equal(Buffer.concat(doc.toBytes()).toString('utf8'), doc.toString(), label);
  }
});

test('an existing key is updated in place, keeping its spacing, key spelling and line ending', () => {
  const cases: [string, string][] = [
    ['[a]\nkey=old\n', '[a]\nkey=new\n'],
    ['[a]\n  key   =   old   \n', '[a]\n  key   =   new\n'],
    ['[a]\r\n\tkey\t=\told\r\n', '[a]\r\n\tkey\t=\tnew\r\n'],
    ['[a]\nkey =\n', '[a]\nkey = new\n'],
    ['[a]\nkey=\n', '[a]\nkey=new\n'],
    ['[a]\nKEY = old\n', '[a]\nKEY = new\n'],
    ['[a]\nkey: old\n', '[a]\nkey: new\n'],
    ['[a]\nkey = old', '[a]\nkey = new'],
  ];
  for (const [before, after] of cases) {
    const doc = parseIni(before);
    assert.equal(doc.setKeys('a', { key: 'new' }), true);
    assert.equal(doc.toString(), after, JSON.stringify(before));
  }
  const cleared = parseIni('[a]\nkey = old\n');
  cleared.setKeys('a', { key: '' });
  assert.equal(cleared.toString(), '[a]\nkey =\n');
});

test('setting a nested key replaces its continuation lines', () => {
  const doc = parseIni(
    '[profile x]\ns3 =\n  max_concurrent_requests = 20\n\n  max_queue_size = 5\nregion = us-east-1\n',
  );
  assert.equal(doc.get('profile x', 's3'), '\nmax_concurrent_requests = 20\nmax_queue_size = 5');
  doc.setKeys('profile x', { s3: 'none' });
  assert.equal(doc.toString(), '[profile x]\ns3 = none\nregion = us-east-1\n');
});

test('setting the same value changes nothing', () => {
  const text = '[a]\r\nkey = same\r\n';
  const doc = parseIni(text);
  assert.equal(doc.setKeys('a', { key: 'same' }), false);
  assert.equal(doc.isChanged(), false);
  assert.equal(doc.toString(), text);
});

test('new keys go after the last key, before blank lines and comments that lead into the next section', () => {
  const doc = parseIni('[a]\nx = 1\n# about x\ny = 2\n\n# about b\n[b]\nz = 3\n');
  doc.setKeys('a', { new_key: 'n', other: 'o' });
  assert.equal(
    doc.toString(),
    '[a]\nx = 1\n# about x\ny = 2\nnew_key = n\nother = o\n\n# about b\n[b]\nz = 3\n',
  );

  const empty = parseIni('[a]\n# nothing here yet\n\n[b]\n');
  empty.setKeys('a', { k: 'v' });
  assert.equal(empty.toString(), '[a]\nk = v\n# nothing here yet\n\n[b]\n');
});

test("new keys copy the file's `=` spacing", () => {
  const tight = parseIni('[a]\nx=1\n');
  tight.setKeys('a', { y: '2' });
  assert.equal(tight.toString(), '[a]\nx=1\ny=2\n');
  const colon = parseIni('[a]\nx: 1\n[b]\nz  =  3\n');
  colon.setKeys('a', { y: '2' });
  assert.equal(colon.toString(), '[a]\nx: 1\ny  =  2\n[b]\nz  =  3\n');
});

test('a new key at the end of a file without a final newline', () => {
  const doc = parseIni('[a]\nx = 1');
  doc.setKeys('a', { y: '2' });
  assert.equal(doc.toString(), '[a]\nx = 1\ny = 2\n');
  const headerOnly = parseIni('[a]');
  headerOnly.setKeys('a', { y: '2' });
  assert.equal(headerOnly.toString(), '[a]\ny = 2\n');
});

test('a missing section is appended after a blank line (a missing final newline just gets one), with the dominant line ending', () => {
  const cases: [string, string][] = [
    ['', '[new]\nk = v\n'],
    ['\ufeff', '\ufeff[new]\nk = v\n'],
    ['[a]\nx = 1\n', '[a]\nx = 1\n\n[new]\nk = v\n'],
    ['[a]\nx = 1', '[a]\nx = 1\n[new]\nk = v\n'],
    ['[a]\nx = 1\n\n', '[a]\nx = 1\n\n\n[new]\nk = v\n'],
    ['[a]\r\nx=1\r\n', '[a]\r\nx=1\r\n\r\n[new]\r\nk=v\r\n'],
    ['[a]\r\nx=1', '[a]\r\nx=1\r\n[new]\r\nk=v\r\n'],
    ['[a]\r\nx = 1\r\ny = 2\n', '[a]\r\nx = 1\r\ny = 2\n\r\n[new]\r\nk = v\r\n'],
    ['# just a comment', '# just a comment\n[new]\nk = v\n'],
    ['[a]\nx = 1\n   ', '[a]\nx = 1\n   \n[new]\nk = v\n'],
    ['[a]\rx = 1\r', '[a]\rx = 1\r\r[new]\rk = v\r'],
  ];
  for (const [before, after] of cases) {
    const doc = parseIni(before);
    assert.equal(doc.setKeys('new', { k: 'v' }), true);
    assert.equal(doc.toString(), after, JSON.stringify(before));
    assert.deepEqual(bytesOf(doc), Buffer.from(after), JSON.stringify(before));
    // Removing it again (in another process: from the written text) gives back the very bytes.
    const again = parseIni(after);
    assert.equal(again.removeSection('new'), true);
    assert.equal(again.toString(), before, `add then remove: ${JSON.stringify(before)}`);
  }
  assert.equal(parseIni('', { newline: '\r\n' }).lineEnding, '\r\n');
  const windowsEmpty = parseIni('', { newline: '\r\n' });
  windowsEmpty.setKeys('new', { k: 'v' });
  assert.equal(windowsEmpty.toString(), '[new]\r\nk = v\r\n');
});

test('removeKeys removes every copy and the continuation lines, nothing else', () => {
  const doc = parseIni('[a]\nx = 1\ns3 =\n  nested = 1\ny = 2\nX = 3\n\n[b]\nx = 4\n');
  assert.equal(doc.removeKeys('a', ['x', 's3']), true);
  assert.equal(doc.toString(), '[a]\ny = 2\n\n[b]\nx = 4\n');
  assert.equal(doc.removeKeys('a', ['absent']), false);
  assert.equal(doc.removeKeys('missing', ['x']), false);
});

test('removeSection keeps the comments directly above the next header', () => {
  const text = '# top\n[z]\nk=1\n\n# about a\n[a]\nx=1\n# inside a\ny=2\n\n# about b\n; still b\n[b]\nq=1\n';
  const doc = parseIni(text);
  assert.equal(doc.removeSection('a'), true);
  assert.equal(doc.toString(), '# top\n[z]\nk=1\n\n# about a\n# about b\n; still b\n[b]\nq=1\n');
  assert.equal(doc.removeSection('a'), false);

  const last = parseIni('[a]\nx=1\n\n[b]\ny=2\n# trailing\n');
  last.removeSection('b');
  // The last section goes with the line break appendSection puts before it.
  assert.equal(last.toString(), '[a]\nx=1\n');

  const first = parseIni('\ufeff[a]\r\nx=1\r\n[b]\r\ny=2');
  first.removeSection('a');
  assert.equal(first.toString(), '\ufeff[b]\r\ny=2');
  assert.deepEqual(bytesOf(first), Buffer.from('\ufeff[b]\r\ny=2'));

  const only = parseIni('[a]\nx=1');
  only.removeSection('a');
  assert.equal(only.toString(), '');
});

test('duplicate sections: reads and edits use the first, the later one is left alone', () => {
  const doc = parseIni('[a]\nx = 1\n[b]\ny = 2\n[a]\nx = 9\nz = 9\n');
  assert.deepEqual(doc.sectionNames(), ['a', 'b']);
  assert.equal(doc.get('a', 'x'), '1');
  assert.equal(doc.get('a', 'z'), undefined);
  doc.setKeys('a', { x: '2' });
  assert.equal(doc.toString(), '[a]\nx = 2\n[b]\ny = 2\n[a]\nx = 9\nz = 9\n');
  doc.removeSection('a');
  assert.equal(doc.toString(), '[b]\ny = 2\n[a]\nx = 9\nz = 9\n');
  assert.equal(doc.get('a', 'x'), '9');
});

test('duplicate keys: the first is read and updated, later copies are removed by setKeys', () => {
  const doc = parseIni('[a]\nx = 1\ny = 2\nX = 3\n');
  assert.equal(doc.get('a', 'x'), '1');
  doc.setKeys('a', { x: '4' });
  assert.equal(doc.toString(), '[a]\nx = 4\ny = 2\n');
});

test('keys are case-insensitive, section names are not', () => {
  const doc = parseIni('[Default]\nAWS_Access_Key_ID = A\n[default]\nregion = r\n');
  assert.equal(doc.get('Default', 'aws_access_key_id'), 'A');
  assert.equal(doc.get('default', 'AWS_ACCESS_KEY_ID'), undefined);
  assert.equal(doc.get('default', 'region'), 'r');
});

test('continuation lines follow botocore: only deeper than the key before them, only after a key', () => {
  const doc = parseIni(
    '[a]\n  first = 1\n  second = 2\n    continued\nthird = 3\n  indented garbage-free continuation\n',
  );
  assert.deepEqual(doc.problems, []);
  assert.deepEqual(plainValues(doc.getSection('a')), {
    first: '1',
    second: '2\ncontinued',
    third: '3\nindented garbage-free continuation',
  });
  // After a header the section has no key yet, so an indented line is a key, not a continuation.
  assert.deepEqual(plainValues(parseIni('[a]\n\tk = v\n').getSection('a')), { k: 'v' });
  // And an indented "header" after a key continues that key, as the AWS CLI reads it.
  const indentedHeader = parseIni('[a]\nk = v\n  [b]\n');
  assert.deepEqual(indentedHeader.sectionNames(), ['a']);
  assert.equal(indentedHeader.get('a', 'k'), 'v\n[b]');
});

test('headers: names as written, trailing comments allowed, the usual AWS section kinds', () => {
  const doc = parseIni(
    '[default]\n[profile dev] # mine\n[sso-session corp] ; sso\n[services local]\n[ spaced ]\n',
  );
  assert.deepEqual(doc.problems, []);
  assert.deepEqual(doc.sectionNames(), [
    'default',
    'profile dev',
    'sso-session corp',
    'services local',
    ' spaced ',
  ]);
  assert.equal(profileSectionName('config', 'dev'), 'profile dev');
  assert.equal(profileSectionName('config', 'default'), 'default');
  assert.equal(profileSectionName('credentials', 'dev'), 'dev');
});

test('unparseable lines are reported with 1-based line numbers and block every edit', () => {
  const cases: [string, number, RegExp][] = [
    ['[a]\nx = 1\ngarbage without equals\n', 3, /not a comment/],
    ['[a]\r\nx = 1\r\n[unclosed\r\n', 3, /no closing/],
    ['[]\n', 1, /no name/],
    ['[a] junk\n', 1, /text after/],
    ['# c\nk = v\n[a]\n', 2, /before any \[section\]/],
    ['[a]\n= v\n', 2, /no key/],
    ['\ufeff[a]\rx\r', 2, /not a comment/],
  ];
  for (const [text, line, reason] of cases) {
    const doc = parseIni(text, { path: '/home/me/.aws/credentials' });
    assert.equal(doc.editable, false);
    assert.equal(doc.problems[0].line, line, JSON.stringify(text));
    assert.match(doc.problems[0].reason, reason);
    assertUnparseable(() => doc.setKeys('a', { x: '2' }), line, '/home/me/.aws/credentials');
    assertUnparseable(() => doc.removeKeys('a', ['x']), line);
    assertUnparseable(() => doc.removeSection('a'), line);
    assertUnparseable(() => doc.assertEditable(), line);
    assert.equal(doc.toString(), text);
  }
  // Lookups stay lenient.
  const lenient = parseIni('[a]\nx = 1\ngarbage\ny = 2\n');
  assert.equal(lenient.get('a', 'x'), '1');
  assert.equal(lenient.get('a', 'y'), '2');
});

test('bytes that are not UTF-8 make the document read-only, naming the line', () => {
  const bytes = Buffer.concat([
    Buffer.from('[a]\nx = 1\n# caf'),
    Buffer.from([0xe9, 0x0a]),
    Buffer.from('y = 2\n'),
  ]);
  const doc = parseIniBytes(bytes, { path: 'cfg' });
  assert.equal(doc.problems[0].line, 3);
  assert.equal(doc.get('a', 'y'), '2');
  assertUnparseable(() => doc.setKeys('a', { x: '2' }), 3, 'cfg');
  for (const bad of [
    [0xc0, 0x80],
    [0xed, 0xa0, 0x80],
    [0xf4, 0x90, 0x80, 0x80],
    [0xe2, 0x82],
  ]) {
    assert.equal(parseIniBytes(Buffer.from([0x23, ...bad])).editable, false, String(bad));
  }
  assert.equal(parseIniBytes(Buffer.from('# ok ☕ 🔑 é\n')).editable, true);
  const crlfAndCr = Buffer.concat([Buffer.from('[a]\r\nx = 1\r# c'), Buffer.from([0xff])]);
  assert.equal(parseIniBytes(crlfAndCr).problems[0].line, 3);
});

test('toBytes reuses the original bytes around the edit, with a BOM and with non-ASCII text', () => {
  const texts = [
    '\ufeff[a]\nx = 1\n[b]\ny = 2\n',
    '[a]\nx = café\n[b]\ny = 2\n',
    '\ufeff[a]\r\nx = 🔑\r\n[b]\r\ny = 2\r\n[c]\r\nz = ☕\r\n',
    '[a]\nx = 1\n[b]\ny = 2\n',
  ];
  for (const text of texts) {
    const doc = parseIniBytes(Buffer.from(text));
    doc.setKeys('b', { y: '3' });
    doc.setKeys('a', { z: 'é' });
    assert.deepEqual(bytesOf(doc), Buffer.from(doc.toString()), text);
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    assert.equal(
      doc.toString(),
      text.replace('y = 2', 'y = 3').replace(/(x = [^\r\n]+\r?\n)/, `$1z = é${eol}`),
    );
  }
});

test('invalid names, keys and values are refused before anything changes', () => {
  const doc = parseIni('[a]\nx = 1\n');
  for (const name of ['', ' a', 'a ', 'a]b', '[a', 'a\nb']) {
    assert.throws(
      () => doc.setKeys(name, { x: '1' }),
      (error: unknown) => isMfaTrayError(error, 'invalid-input'),
    );
  }
  for (const key of ['', ' x', 'x=y', 'x:y', '#x', ';x', '[x', 'x\ny']) {
    assert.throws(
      () => doc.setKeys('a', { [key]: '1' }),
      (error: unknown) => isMfaTrayError(error, 'invalid-input'),
    );
  }
  for (const value of ['a\nb', 'a\rb', ' padded', 'padded ']) {
    assert.throws(
      () => doc.setKeys('a', { x: value }),
      (error: unknown) => isMfaTrayError(error, 'invalid-input'),
    );
  }
  assert.equal(doc.toString(), '[a]\nx = 1\n');
});

test('a 10,000-section document is parsed, edited and serialized quickly', () => {
  const parts: string[] = [];
  for (let i = 0; i < 10_000; i++)
    parts.push(`[p${i}]\naws_access_key_id = AKIA${i}\naws_session_token = ${'t'.repeat(400)}\n\n`);
  const text = parts.join('');
  const started = performance.now();
  const doc = parseIniBytes(Buffer.from(text));
  doc.setKeys('p5000', { aws_session_token: 'new' });
  const bytes = bytesOf(doc);
  const elapsed = performance.now() - started;
  assert.equal(bytes.length, Buffer.byteLength(text) - 397);
  // Generous: this guards against quadratic work, not a benchmark (bench/awsfiles.ts is).
  assert.ok(elapsed < 1000, `${elapsed} ms`);
});
