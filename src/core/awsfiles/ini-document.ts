/*
 * Why our own editor: `ini` drops comments and re-renders the whole file, and the comment-keeping npm
 * parsers (ini-api, js-ini-parser, @xan105/ini) also rebuild the text from an object model, so spacing,
 * CRLF, a BOM, a missing final newline and the AWS config's indented nested keys do not survive
 * byte-for-byte. These files are the user's, so we keep every line we do not touch exactly as it was.
 *
 * This file is the editing: reading and setting keys, adding and removing sections. The line grammar is in
 * ini-lines.ts, parsing in ini-parse.ts, the section model and byte-exact rendering in ini-sections.ts.
 */
import { MfaTrayError } from '../errors';
import { entrySpans, makeLine, type Line, type LineEnding } from './ini-lines';
import type { IniProblem } from './ini-parse';
import type { IniSections, Section } from './ini-sections';

/**
 * A parsed AWS credentials or config file that serializes back to the exact input text, and whose edits
 * change only the lines of the section they name.
 *
 * Duplicate sections: lookups and edits use the first one with the name (the AWS CLI rejects such files
 * anyway); later ones are left alone. Duplicate keys in a section: the first is read and updated, and
 * setKeys removes the later copies so that every reader sees the value we wrote.
 */
export class IniDocument {
  /** @internal Use parseIni or parseIniBytes. */
  constructor(
    private readonly sections: IniSections,
    /** The most common line ending in the file; new lines use it. */
    readonly lineEnding: LineEnding,
    /** Lines no AWS tool would read; while there are any, every edit throws. */
    readonly problems: readonly IniProblem[],
    readonly path: string | undefined,
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
    return [...this.sections.byName().keys()];
  }

  hasSection(name: string): boolean {
    return this.sections.byName().has(name);
  }

  /**
   * The section's values by lower-cased key (first occurrence wins), trimmed; a value with indented
   * continuation lines (the config file's nested keys) joins them with "\n", as botocore does.
   */
  getSection(name: string): Readonly<Record<string, string>> | undefined {
    const section = this.sections.byName().get(name);
    if (!section) return undefined;
    const { body } = this.sections.linesOf(section);
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

    const section = this.sections.byName().get(sectionName);
    if (!section) {
      this.appendSection(sectionName, entries);
      return true;
    }

    const { header, body } = this.sections.linesOf(section);
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
    const section = this.sections.byName().get(sectionName);
    if (!section) return false;
    const { body } = this.sections.linesOf(section);
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
    const section = this.sections.byName().get(name);
    if (!section) return false;
    const at = this.sections.list.indexOf(section);
    const previous = this.sections.list[at - 1];
    if (at + 1 < this.sections.list.length) {
      const { body } = this.sections.linesOf(section);
      const keepFrom = this.keptCommentsFrom(section);
      if (keepFrom < body.length) {
        this.sections.linesOf(previous).body.push(...body.slice(keepFrom));
        previous.pristine = false;
      }
    } else {
      // The last section: undo what appendSection put before it, so that adding a section and removing
      // it again gives back the very bytes (a missing final newline stays missing).
      const { header, body } = this.sections.linesOf(previous);
      const last = body.at(-1) ?? header;
      if (last && last.eol !== '') {
        if (last.kind === 'blank' && last.text === '' && body.length > 0) body.pop();
        else last.eol = '';
        previous.pristine = false;
      }
    }
    this.sections.remove(section);
    return true;
  }

  /**
   * Whether the section holds lines besides its header and blank lines, other than the comments right
   * above the next header (those describe that one; removeSection keeps them). Such lines are somebody's.
   */
  hasUserLines(name: string): boolean {
    const section = this.sections.byName().get(name);
    if (!section) return false;
    const { body } = this.sections.linesOf(section);
    const end =
      this.sections.list.indexOf(section) + 1 < this.sections.list.length
        ? this.keptCommentsFrom(section)
        : body.length;
    return body.slice(0, end).some((line) => line.kind !== 'blank');
  }

  /** Index of the run of comment lines that ends the section's body (body.length when there is none). */
  private keptCommentsFrom(section: Section): number {
    const { body } = this.sections.linesOf(section);
    let keepFrom = body.length;
    while (keepFrom > 0 && body[keepFrom - 1].kind === 'comment') keepFrom--;
    return keepFrom;
  }

  /** The document's text, byte-for-byte the parsed input if nothing was edited. */
  toString(): string {
    return this.sections.toString();
  }

  /** Whether toString() differs from the parsed text. */
  isChanged(): boolean {
    return this.sections.isChanged();
  }

  /**
   * toString() as UTF-8, in pieces: when the document came from parseIniBytes the untouched head and tail
   * are views of the original bytes, so a one-profile edit of a multi-megabyte file copies little.
   */
  toBytes(): Uint8Array[] {
    return this.sections.toBytes();
  }

  private appendSection(name: string, entries: [string, string][]): void {
    const eol = this.lineEnding;
    const style = this.entryStyle(undefined);
    for (let i = this.sections.list.length - 1; i >= 0; i--) {
      const last = this.sections.list[i];
      const { header, body } = this.sections.linesOf(last);
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
    this.sections.append(section);
  }

  /**
   * Copies the whitespace around the `=` from the section's first key, else the file's first. `key: value`
   * is botocore-only (the JS SDK ignores it), so only `=` lines set the style.
   */
  private entryStyle(body: Line[] | undefined): EntryStyle {
    const isStyleLine = (line: Line): boolean => line.kind === 'entry' && line.text[line.delimiter] === '=';
    let line = body?.find(isStyleLine);
    for (let i = 0; !line && i < this.sections.list.length; i++)
      line = this.sections.linesOf(this.sections.list[i]).body.find(isStyleLine);
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
