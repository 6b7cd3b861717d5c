/*
 * Why our own editor: `ini` drops comments and re-renders the whole file, and the comment-keeping npm
 * parsers (ini-api, js-ini-parser, @xan105/ini) also rebuild the text from an object model, so spacing,
 * CRLF, a BOM, a missing final newline and the AWS config's indented nested keys do not survive
 * byte-for-byte. These files are the user's, so we keep every line we do not touch exactly as it was.
 *
 * The grammar follows botocore's reader (Python's RawConfigParser), because the AWS CLI is the strictest
 * consumer: `#`/`;` full-line comments, `=` or `:` as the delimiter, no inline comments, and a line indented
 * deeper than the key line before it continues that key's value (`s3 =` + `  max_concurrent_requests = 20`).
 * Where the AWS CLI would reject a line, we refuse to edit the file rather than guess.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { MfaTrayError } from '../errors';

export type AwsFileKind = 'credentials' | 'config';
export type LineEnding = '\n' | '\r\n' | '\r';

export interface IniProblem {
  /** 1-based. */
  line: number;
  /** Reads after "line N ", e.g. "is not a comment, a [section] header or a key = value line". */
  reason: string;
}

export interface IniParseOptions {
  /** Named in errors. */
  path?: string;
  /** Line ending for new lines when the text has none to copy (an empty or one-line file). */
  newline?: LineEnding;
}

type LineKind = 'blank' | 'comment' | 'header' | 'entry' | 'continuation' | 'invalid';

interface Line {
  text: string;
  eol: '' | LineEnding;
  kind: LineKind;
  /** Entry: the key, lower-cased (botocore compares keys case-insensitively). Header: the section name. */
  name: string;
  /** Entry: index of the `=` or `:` in `text`. */
  delimiter: number;
  /** Entry: index in `text` where the value starts. */
  valueStart: number;
}

interface Section {
  /** Undefined for the preamble: the lines before the first header. */
  name: string | undefined;
  /** Where the section (from its header line) lies in the source; -1 for a section we added. */
  start: number;
  end: number;
  /** While true, `source.slice(start, end)` is exactly this section's text. */
  pristine: boolean;
  /**
   * The section's lines, split out only when a section is read or edited: a 10,000-profile file is
   * validated in one allocation-free pass, and only the profile we touch becomes objects.
   */
  lines: { header: Line | undefined; body: Line[] } | undefined;
}

interface Span {
  start: number;
  /** Exclusive. */
  end: number;
}

const HASH = 0x23;
const SEMICOLON = 0x3b;
const OPEN_BRACKET = 0x5b;
const EQUALS = 0x3d;
const COLON = 0x3a;

/** What String.prototype.trim removes, minus line breaks (which never occur inside a line). */
function isWhitespace(code: number): boolean {
  if (code === 0x20 || code === 0x09) return true;
  if (code < 0x0b || (code > 0x0d && code < 0xa0)) return false;
  return (
    code <= 0x0d ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/**
 * Classifies the lines of `text` between two line boundaries, one per next() call, into its public fields
 * (positions are indexes into `text`). It mirrors RawConfigParser: `indentLevel` is the indent of the last
 * header or key line, and a deeper line continues the last key's value once the section has a key. That
 * state never crosses a header, so a single section can be re-scanned on its own with the same result.
 */
class LineScanner {
  kind: LineKind = 'blank';
  lineStart = 0;
  end = 0;
  eol: '' | LineEnding = '';
  /** First non-blank character. */
  first = 0;
  /** Entry: end of the key (trailing blanks excluded). Header: the closing `]`. */
  keyEnd = 0;
  delimiter = 0;
  valueStart = 0;
  problem = '';
  private nextLf = -2;
  private nextCr = -2;
  private indentLevel = 0;
  private sectionHasKey = false;

  constructor(
    private readonly text: string,
    private position: number,
    private readonly limit: number,
    private inSection = false,
  ) {}

  next(): boolean {
    const text = this.text;
    const lineStart = this.position;
    if (lineStart >= this.limit) return false;
    if (this.nextLf !== -1 && this.nextLf < lineStart) this.nextLf = text.indexOf('\n', lineStart);
    if (this.nextCr !== -1 && this.nextCr < lineStart) this.nextCr = text.indexOf('\r', lineStart);
    const { nextLf, nextCr } = this;
    let end: number;
    if (nextCr !== -1 && (nextLf === -1 || nextCr < nextLf)) {
      end = nextCr;
      this.eol = nextLf === nextCr + 1 ? '\r\n' : '\r';
    } else if (nextLf !== -1) {
      end = nextLf;
      this.eol = '\n';
    } else {
      end = text.length;
      this.eol = '';
    }
    this.lineStart = lineStart;
    this.end = end;
    this.position = end + this.eol.length;
    this.kind = this.classify(lineStart, end);
    return true;
  }

  private classify(lineStart: number, end: number): LineKind {
    const text = this.text;
    let first = lineStart;
    while (first < end && isWhitespace(text.charCodeAt(first))) first++;
    this.first = first;
    if (first === end) return 'blank';
    const firstChar = text.charCodeAt(first);
    if (firstChar === HASH || firstChar === SEMICOLON) return 'comment';
    const indent = first - lineStart;
    if (this.sectionHasKey && indent > this.indentLevel) return 'continuation';
    this.indentLevel = indent;

    if (firstChar === OPEN_BRACKET) {
      let last = end - 1;
      while (isWhitespace(text.charCodeAt(last))) last--;
      const close = text.lastIndexOf(']', last);
      let afterClose = close + 1;
      while (afterClose <= last && isWhitespace(text.charCodeAt(afterClose))) afterClose++;
      const trailing = text.charCodeAt(afterClose);
      if (close <= first) return this.invalid('starts a [section] header but has no closing "]"');
      if (close === first + 1) return this.invalid('is a section header with no name');
      if (afterClose <= last && trailing !== HASH && trailing !== SEMICOLON) {
        return this.invalid('has text after the section header\'s "]"');
      }
      this.keyEnd = close;
      this.inSection = true;
      this.sectionHasKey = false;
      return 'header';
    }

    let delimiter = first;
    for (; delimiter < end; delimiter++) {
      const c = text.charCodeAt(delimiter);
      if (c === EQUALS || c === COLON) break;
    }
    if (delimiter === end) return this.invalid('is not a comment, a [section] header or a key = value line');
    let keyEnd = delimiter;
    while (keyEnd > first && isWhitespace(text.charCodeAt(keyEnd - 1))) keyEnd--;
    if (keyEnd === first) return this.invalid('has no key before the "="');
    if (!this.inSection) return this.invalid('sets a key before any [section] header');
    let valueStart = delimiter + 1;
    while (valueStart < end && isWhitespace(text.charCodeAt(valueStart))) valueStart++;
    this.keyEnd = keyEnd;
    this.delimiter = delimiter;
    this.valueStart = valueStart;
    this.sectionHasKey = true;
    return 'entry';
  }

  private invalid(problem: string): LineKind {
    this.problem = problem;
    return 'invalid';
  }
}

function makeLine(
  text: string,
  eol: '' | LineEnding,
  kind: LineKind,
  name = '',
  delimiter = -1,
  valueStart = -1,
): Line {
  return { text, eol, kind, name, delimiter, valueStart };
}

export function parseIni(text: string, options: IniParseOptions = {}): IniDocument {
  return parseText(text, options, [], undefined);
}

/** The valid UTF-8 the text was decoded from. */
interface SourceBytes {
  bytes: Uint8Array;
  /** All ASCII after an optional BOM: a char offset past the BOM is a byte offset, plus 2 if there is one. */
  ascii: boolean;
}

function parseText(
  text: string,
  options: IniParseOptions,
  extra: IniProblem[],
  sourceBytes: SourceBytes | undefined,
): IniDocument {
  const bom = text.charCodeAt(0) === 0xfeff ? '\ufeff' : '';
  const problems: IniProblem[] = [];
  let current: Section = { name: undefined, start: bom.length, end: 0, pristine: true, lines: undefined };
  const sections: Section[] = [current];
  let lf = 0;
  let crlf = 0;
  let cr = 0;
  const scanner = new LineScanner(text, bom.length, text.length);
  for (let lineNumber = 1; scanner.next(); lineNumber++) {
    if (scanner.eol === '\n') lf++;
    else if (scanner.eol === '\r\n') crlf++;
    else if (scanner.eol === '\r') cr++;
    if (scanner.kind === 'header') {
      current.end = scanner.lineStart;
      const name = text.slice(scanner.first + 1, scanner.keyEnd);
      current = { name, start: scanner.lineStart, end: 0, pristine: true, lines: undefined };
      sections.push(current);
    } else if (scanner.kind === 'invalid') {
      problems.push({ line: lineNumber, reason: scanner.problem });
    }
  }
  current.end = text.length;

  let lineEnding = options.newline ?? '\n';
  if (lf >= crlf && lf >= cr && lf > 0) lineEnding = '\n';
  else if (crlf >= cr && crlf > 0) lineEnding = '\r\n';
  else if (cr > 0) lineEnding = '\r';
  const allProblems = extra.length ? [...problems, ...extra].sort((a, b) => a.line - b.line) : problems;
  return new IniDocument(text, bom, sections, lineEnding, allProblems, options.path, sourceBytes);
}

/**
 * Decodes file bytes as UTF-8, keeping a BOM. Bytes that are not UTF-8 cannot be edited without changing
 * them, so they become a problem (which blocks editing) while lookups still work on the lossy text.
 */
export function parseIniBytes(bytes: Uint8Array, options: IniParseOptions = {}): IniDocument {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isAscii(buffer)) return parseText(buffer.toString('latin1'), options, [], { bytes, ascii: true });
  if (isUtf8(buffer)) {
    const text = buffer.toString('utf8');
    const asciiAfterBom = text.charCodeAt(0) === 0xfeff && buffer.length === text.length + 2;
    return parseText(text, options, [], { bytes, ascii: asciiAfterBom });
  }
  const offset = firstInvalidUtf8Offset(bytes);
  let line = 1;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a || (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a)) line++;
  }
  return parseText(
    buffer.toString('utf8'),
    options,
    [{ line, reason: 'is not valid UTF-8 text' }],
    undefined,
  );
}

function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return i;
    }
    if (i + need >= bytes.length) return i;
    let codePoint = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const next = bytes[i + k];
      if ((next & 0xc0) !== 0x80) return i;
      codePoint = (codePoint << 6) | (next & 0x3f);
    }
    if (codePoint < min || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return i;
    i += need + 1;
  }
  return bytes.length;
}

/** `[default]` is shared by both files; other config profiles are `[profile NAME]`. */
export function profileSectionName(file: AwsFileKind, profile: string): string {
  return file === 'config' && profile !== 'default' ? `profile ${profile}` : profile;
}

/**
 * A parsed AWS credentials or config file that serializes back to the exact input text, and whose edits
 * change only the lines of the section they name.
 *
 * Duplicate sections: lookups and edits use the first one with the name (the AWS CLI rejects such files
 * anyway); later ones are left alone. Duplicate keys in a section: the first is read and updated, and
 * setKeys removes the later copies so that every reader sees the value we wrote.
 */
export class IniDocument {
  private index: Map<string, Section> | undefined;
  /** A section was removed or added: the sections no longer tile the source even if each is pristine. */
  private restructured = false;

  /** @internal Use parseIni or parseIniBytes. */
  constructor(
    private readonly source: string,
    private readonly bom: string,
    private readonly sections: Section[],
    /** The most common line ending in the file; new lines use it. */
    readonly lineEnding: LineEnding,
    /** Lines no AWS tool would read; while there are any, every edit throws. */
    readonly problems: readonly IniProblem[],
    readonly path: string | undefined,
    private readonly sourceBytes: SourceBytes | undefined,
  ) {}

  get editable(): boolean {
    return this.problems.length === 0;
  }

  /** Throws 'aws-file-unparseable' naming the path and the first bad line. */
  assertEditable(): void {
    const problem = this.problems[0];
    if (!problem) return;
    const where = this.path ?? 'The AWS file';
    throw new MfaTrayError(
      'aws-file-unparseable',
      `${where} can't be changed safely: line ${problem.line} ${problem.reason}.`,
      {
        path: this.path,
        line: problem.line,
        hint: 'Fix or remove that line (the AWS CLI would reject it too), then try again. Nothing was changed.',
      },
    );
  }

  /** Each section name once, in file order. */
  sectionNames(): string[] {
    return [...this.sectionIndex().keys()];
  }

  hasSection(name: string): boolean {
    return this.sectionIndex().has(name);
  }

  /**
   * The section's values by lower-cased key (first occurrence wins), trimmed; a value with indented
   * continuation lines (the config file's nested keys) joins them with "\n", as botocore does.
   */
  getSection(name: string): Readonly<Record<string, string>> | undefined {
    const section = this.sectionIndex().get(name);
    if (!section) return undefined;
    const { body } = this.linesOf(section);
    const values = Object.create(null) as Record<string, string>;
    for (const span of entrySpans(body)) {
      const keyLine = body[span.start];
      if (keyLine.name in values) continue;
      const parts = [keyLine.text.slice(keyLine.valueStart).trim()];
      for (let i = span.start + 1; i < span.end; i++) {
        if (body[i].kind === 'continuation') parts.push(body[i].text.trim());
      }
      values[keyLine.name] = parts.join('\n');
    }
    return values;
  }

  get(section: string, key: string): string | undefined {
    return this.getSection(section)?.[key.toLowerCase()];
  }

  /**
   * Sets each key in the section: an existing key keeps its line's indentation, key spelling and spacing
   * (its continuation lines are replaced); new keys go after the section's last key, ahead of any blank
   * lines and comments before the next header; a missing section is added at the end of the file.
   * Returns whether the text changed.
   */
  setKeys(sectionName: string, values: Readonly<Record<string, string>>): boolean {
    this.assertEditable();
    validateSectionName(sectionName);
    const entries = Object.entries(values);
    for (const [key, value] of entries) validateEntry(key, value);

    const section = this.sectionIndex().get(sectionName);
    if (!section) {
      this.appendSection(sectionName, entries);
      return true;
    }

    const { header, body } = this.linesOf(section);
    let changed = false;
    const missing: [string, string][] = [];
    for (const [key, value] of entries) {
      const spans = entrySpans(body, key.toLowerCase());
      if (spans.length === 0) {
        missing.push([key, value]);
        continue;
      }
      for (let i = spans.length - 1; i >= 1; i--) {
        body.splice(spans[i].start, spans[i].end - spans[i].start);
        changed = true;
      }
      const { start, end } = spans[0];
      const keyLine = body[start];
      const text = rewriteValue(keyLine, value);
      if (end - start === 1 && text === keyLine.text) continue;
      const eol = body[end - 1].eol;
      const valueStart = value === '' ? text.length : text.length - value.length;
      body.splice(
        start,
        end - start,
        makeLine(text, eol, 'entry', keyLine.name, keyLine.delimiter, valueStart),
      );
      changed = true;
    }

    if (missing.length > 0) {
      const style = this.entryStyle(body);
      let insertAt = 0;
      for (let i = body.length - 1; i >= 0; i--) {
        if (body[i].kind === 'entry' || body[i].kind === 'continuation') {
          insertAt = i + 1;
          break;
        }
      }
      const previous = insertAt > 0 ? body[insertAt - 1] : header;
      if (previous && previous.eol === '') previous.eol = this.lineEnding;
      body.splice(insertAt, 0, ...missing.map(([key, value]) => this.newEntryLine(key, value, style)));
      changed = true;
    }
    if (changed) section.pristine = false;
    return changed;
  }

  /** Removes every occurrence of the keys (and their continuation lines). Returns whether anything went. */
  removeKeys(sectionName: string, keys: readonly string[]): boolean {
    this.assertEditable();
    const section = this.sectionIndex().get(sectionName);
    if (!section) return false;
    const { body } = this.linesOf(section);
    const names = new Set(keys.map((key) => key.toLowerCase()));
    const spans = entrySpans(body).filter((span) => names.has(body[span.start].name));
    for (let i = spans.length - 1; i >= 0; i--) body.splice(spans[i].start, spans[i].end - spans[i].start);
    if (spans.length > 0) section.pristine = false;
    return spans.length > 0;
  }

  /**
   * Removes the section's header and lines up to the next header, except the comment lines directly above
   * that header: they describe the next section, so they stay. Lines above this section's own header are
   * never touched. Returns whether the section existed.
   */
  removeSection(name: string): boolean {
    this.assertEditable();
    const section = this.sectionIndex().get(name);
    if (!section) return false;
    const at = this.sections.indexOf(section);
    const previous = this.sections[at - 1];
    if (at + 1 < this.sections.length) {
      const { body } = this.linesOf(section);
      const keepFrom = this.keptCommentsFrom(section);
      if (keepFrom < body.length) {
        this.linesOf(previous).body.push(...body.slice(keepFrom));
        previous.pristine = false;
      }
    } else {
      // The last section: undo what appendSection put before it, so that adding a section and removing
      // it again gives back the very bytes (a missing final newline stays missing).
      const { header, body } = this.linesOf(previous);
      const last = body.at(-1) ?? header;
      if (last && last.eol !== '') {
        if (last.kind === 'blank' && last.text === '' && body.length > 0) body.pop();
        else last.eol = '';
        previous.pristine = false;
      }
    }
    this.sections.splice(at, 1);
    this.index = undefined;
    this.restructured = true;
    return true;
  }

  /**
   * Whether the section holds lines besides its header and blank lines, other than the comments right
   * above the next header (those describe that one; removeSection keeps them). Such lines are somebody's.
   */
  hasUserLines(name: string): boolean {
    const section = this.sectionIndex().get(name);
    if (!section) return false;
    const { body } = this.linesOf(section);
    const end =
      this.sections.indexOf(section) + 1 < this.sections.length
        ? this.keptCommentsFrom(section)
        : body.length;
    return body.slice(0, end).some((line) => line.kind !== 'blank');
  }

  /** Index of the run of comment lines that ends the section's body (body.length when there is none). */
  private keptCommentsFrom(section: Section): number {
    const { body } = this.linesOf(section);
    let keepFrom = body.length;
    while (keepFrom > 0 && body[keepFrom - 1].kind === 'comment') keepFrom--;
    return keepFrom;
  }

  /** The document's text, byte-for-byte the parsed input if nothing was edited. */
  toString(): string {
    const edit = this.render();
    if (!edit) return this.source;
    return this.source.slice(0, edit.head) + edit.middle + this.source.slice(edit.tail);
  }

  /** Whether toString() differs from the parsed text. */
  isChanged(): boolean {
    const edit = this.render();
    return edit !== undefined && edit.middle !== this.source.slice(edit.head, edit.tail);
  }

  /**
   * toString() as UTF-8, in pieces: when the document came from parseIniBytes the untouched head and tail
   * are views of the original bytes, so a one-profile edit of a multi-megabyte file copies little.
   */
  toBytes(): Uint8Array[] {
    const edit = this.render();
    const original = this.sourceBytes;
    if (!original) return [Buffer.from(this.toString(), 'utf8')];
    if (!edit) return [original.bytes];
    // Offsets are line starts (or the end), never inside a surrogate pair, so a prefix encodes on its own.
    const byteOffset = (offset: number): number => {
      if (!original.ascii) return Buffer.byteLength(this.source.slice(0, offset), 'utf8');
      return this.bom !== '' && offset > 0 ? offset + 2 : offset;
    };
    return [
      original.bytes.subarray(0, byteOffset(edit.head)),
      Buffer.from(edit.middle, 'utf8'),
      original.bytes.subarray(byteOffset(edit.tail)),
    ];
  }

  /**
   * The text as source.slice(0, head) + middle + source.slice(tail), where head and tail are the longest
   * untouched stretches at either end. Undefined when nothing was edited.
   */
  private render(): { head: number; middle: string; tail: number } | undefined {
    const sections = this.sections;
    if (!this.restructured && sections.every((section) => section.pristine)) return undefined;
    let first = 0;
    let head = this.bom.length;
    while (first < sections.length && sections[first].pristine && sections[first].start === head) {
      head = sections[first].end;
      first++;
    }
    let last = sections.length - 1;
    let tail = this.source.length;
    while (last >= first && sections[last].pristine && sections[last].end === tail) {
      tail = sections[last].start;
      last--;
    }
    const parts: string[] = [];
    for (let i = first; i <= last; i++) {
      const section = sections[i];
      if (section.pristine) {
        parts.push(this.source.slice(section.start, section.end));
        continue;
      }
      const { header, body } = this.linesOf(section);
      if (header) parts.push(header.text, header.eol);
      for (const line of body) parts.push(line.text, line.eol);
    }
    return { head, middle: parts.join(''), tail };
  }

  private sectionIndex(): Map<string, Section> {
    if (!this.index) {
      this.index = new Map();
      for (const section of this.sections) {
        if (section.name !== undefined && !this.index.has(section.name))
          this.index.set(section.name, section);
      }
    }
    return this.index;
  }

  private linesOf(section: Section): { header: Line | undefined; body: Line[] } {
    if (section.lines) return section.lines;
    const source = this.source;
    let header: Line | undefined;
    const body: Line[] = [];
    const scanner = new LineScanner(source, section.start, section.end);
    while (scanner.next()) {
      const { kind, lineStart, eol } = scanner;
      const text = source.slice(lineStart, scanner.end);
      if (kind === 'header' && section.name !== undefined && lineStart === section.start) {
        header = makeLine(text, eol, 'header', section.name);
      } else if (kind === 'entry') {
        const key = source.slice(scanner.first, scanner.keyEnd).toLowerCase();
        body.push(
          makeLine(text, eol, 'entry', key, scanner.delimiter - lineStart, scanner.valueStart - lineStart),
        );
      } else {
        body.push(makeLine(text, eol, kind));
      }
    }
    section.lines = { header, body };
    return section.lines;
  }

  private appendSection(name: string, entries: [string, string][]): void {
    const eol = this.lineEnding;
    const style = this.entryStyle(undefined);
    for (let i = this.sections.length - 1; i >= 0; i--) {
      const last = this.sections[i];
      const { header, body } = this.linesOf(last);
      const lastLine = body.at(-1) ?? header;
      if (!lastLine) continue;
      // A file without a final newline gets just that; any other gets one blank line before ours.
      // removeSection undoes exactly this, so the user's bytes come back when our section goes.
      if (lastLine.eol === '') lastLine.eol = eol;
      else body.push(makeLine('', eol, 'blank'));
      last.pristine = false;
      break;
    }
    const section: Section = {
      name,
      start: -1,
      end: -1,
      pristine: false,
      lines: {
        header: makeLine(`[${name}]`, eol, 'header', name),
        body: entries.map(([key, value]) => this.newEntryLine(key, value, style)),
      },
    };
    this.sections.push(section);
    this.index?.set(name, section);
    this.restructured = true;
  }

  /**
   * Copies the whitespace around the `=` from the section's first key, else the file's first. `key: value`
   * is botocore-only (the JS SDK ignores it), so only `=` lines set the style.
   */
  private entryStyle(body: Line[] | undefined): EntryStyle {
    const isStyleLine = (line: Line): boolean => line.kind === 'entry' && line.text[line.delimiter] === '=';
    let line = body?.find(isStyleLine);
    for (let i = 0; !line && i < this.sections.length; i++)
      line = this.linesOf(this.sections[i]).body.find(isStyleLine);
    if (!line) return { before: ' ', after: ' ' };
    const before = /[ \t]*$/.exec(line.text.slice(0, line.delimiter))?.[0] ?? ' ';
    const after =
      line.valueStart === line.text.length ? before : line.text.slice(line.delimiter + 1, line.valueStart);
    return { before, after: /^[ \t]*$/.test(after) ? after : ' ' };
  }

  private newEntryLine(key: string, value: string, style: EntryStyle): Line {
    const prefix = `${key}${style.before}=`;
    const text = value === '' ? prefix : `${prefix}${style.after}${value}`;
    return makeLine(
      text,
      this.lineEnding,
      'entry',
      key.toLowerCase(),
      prefix.length - 1,
      text.length - value.length,
    );
  }
}

interface EntryStyle {
  before: string;
  after: string;
}

/** Each key line with its continuation lines (and the blank or comment lines between them). */
function entrySpans(body: readonly Line[], onlyKey?: string): Span[] {
  const spans: Span[] = [];
  let i = 0;
  while (i < body.length) {
    if (body[i].kind !== 'entry') {
      i++;
      continue;
    }
    const start = i;
    let end = i + 1;
    let j = i + 1;
    for (; j < body.length; j++) {
      const kind = body[j].kind;
      if (kind === 'continuation') end = j + 1;
      else if (kind !== 'blank' && kind !== 'comment') break;
    }
    if (onlyKey === undefined || body[start].name === onlyKey) spans.push({ start, end });
    i = j;
  }
  return spans;
}

function rewriteValue(line: Line, value: string): string {
  const prefix = line.text.slice(0, line.valueStart);
  if (value === '') return prefix.trimEnd();
  if (/[ \t]$/.test(prefix)) return prefix + value;
  // `key =` with an empty value: mirror the space before the delimiter so we write `key = value`.
  const before = /[ \t]*$/.exec(line.text.slice(0, line.delimiter))?.[0] ?? '';
  return prefix + before + value;
}

function validateSectionName(name: string): void {
  if (name === '' || name.trim() !== name || /[[\]\r\n]/.test(name)) {
    throw new MfaTrayError(
      'invalid-input',
      `"${name}" can't be used as a section name in an AWS file: it must be non-empty, without brackets, line breaks or surrounding spaces.`,
    );
  }
}

function validateEntry(key: string, value: string): void {
  if (key === '' || key.trim() !== key || /[=:\r\n]/.test(key) || /^[#;[]/.test(key)) {
    throw new MfaTrayError('invalid-input', `"${key}" can't be used as a key in an AWS file.`);
  }
  if (value.trim() !== value || /[\r\n]/.test(value)) {
    throw new MfaTrayError(
      'invalid-input',
      `The value for "${key}" can't be written to an AWS file: it has line breaks or surrounding spaces.`,
    );
  }
}
