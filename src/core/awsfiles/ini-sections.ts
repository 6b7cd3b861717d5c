/*
 * The sections of a parsed file over its source text. A section's lines are split out only when it is read
 * or edited, and rendering copies every untouched stretch from the source (or its bytes) as it was: a
 * 10,000-profile file is validated in one pass, and only the profile we touch becomes objects.
 */
import { LineScanner, makeLine, type Line } from './ini-lines';

export interface Section {
  /** Undefined for the preamble: the lines before the first header. */
  name: string | undefined;
  /** Where the section (from its header line) lies in the source; -1 for a section we added. */
  start: number;
  end: number;
  /** While true, `source.slice(start, end)` is exactly this section's text. */
  pristine: boolean;
  /** The section's lines, split out on first use (see linesOf). */
  lines: { header: Line | undefined; body: Line[] } | undefined;
}

/** The valid UTF-8 the text was decoded from. */
export interface SourceBytes {
  bytes: Uint8Array;
  /** All ASCII after an optional BOM: a char offset past the BOM is a byte offset, plus 2 if there is one. */
  ascii: boolean;
}

export class IniSections {
  private index: Map<string, Section> | undefined;
  /** A section was removed or added: the sections no longer tile the source even if each is pristine. */
  private restructured = false;

  constructor(
    readonly source: string,
    readonly bom: string,
    /** In file order; the first is the preamble (the lines before the first header). */
    readonly list: Section[],
    private readonly sourceBytes: SourceBytes | undefined,
  ) {}

  /** The first section of each name (a later duplicate is left alone). */
  byName(): Map<string, Section> {
    if (!this.index) {
      this.index = new Map();
      for (const section of this.list) {
        if (section.name !== undefined && !this.index.has(section.name))
          this.index.set(section.name, section);
      }
    }
    return this.index;
  }

  linesOf(section: Section): { header: Line | undefined; body: Line[] } {
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

  append(section: Section): void {
    this.list.push(section);
    if (section.name !== undefined) this.index?.set(section.name, section);
    this.restructured = true;
  }

  remove(section: Section): void {
    this.list.splice(this.list.indexOf(section), 1);
    this.index = undefined;
    this.restructured = true;
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
    const sections = this.list;
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
}
