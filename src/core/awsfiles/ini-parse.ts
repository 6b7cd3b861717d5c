/*
 * Text or file bytes into an IniDocument: one allocation-free pass over the lines that finds the section
 * boundaries, the lines no AWS tool would read, and the line ending new lines should use.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { IniDocument } from './ini-document';
import { LineScanner, type LineEnding } from './ini-lines';
import { IniSections, type Section, type SourceBytes } from './ini-sections';

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

export function parseIni(text: string, options: IniParseOptions = {}): IniDocument {
  return parseText(text, options, [], undefined);
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
  return new IniDocument(
    new IniSections(text, bom, sections, sourceBytes),
    lineEnding,
    allProblems,
    options.path,
  );
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
