/*
 * The line grammar of AWS credentials and config files. It follows botocore's reader (Python's
 * RawConfigParser), because the AWS CLI is the strictest consumer: `#`/`;` full-line comments, `=` or `:` as
 * the delimiter, no inline comments, and a line indented deeper than the key line before it continues that
 * key's value (`s3 =` + `  max_concurrent_requests = 20`). Where the AWS CLI would reject a line, the scanner
 * says why, and the document refuses to edit the file rather than guess.
 */
export type LineEnding = '\n' | '\r\n' | '\r';

export type LineKind = 'blank' | 'comment' | 'header' | 'entry' | 'continuation' | 'invalid';

export interface Line {
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

export interface Span {
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
export class LineScanner {
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

export function makeLine(
  text: string,
  eol: '' | LineEnding,
  kind: LineKind,
  name = '',
  delimiter = -1,
  valueStart = -1,
): Line {
  return { text, eol, kind, name, delimiter, valueStart };
}

/** Each key line with its continuation lines (and the blank or comment lines between them). */
export function entrySpans(body: readonly Line[], onlyKey?: string): Span[] {
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
