// A line-by-line port of go-shellwords' Parse() with its defaults (ParseEnv and ParseBacktick off), the
// splitter soracom-cli applies to `profileCommand`. Kept apart from src/ on purpose: the test's idea of
// how soracom-cli splits must not be the code under test.
//  - spaces/tabs/newlines separate words; '…' is literal (backslash too); in "…" and bare, \x is x (\t and
//    \n become tab and newline);
//  - an unquoted ; & | < > ends the command line: the rest is ignored (no shell, no pipes);
//  - an unquoted ( is an error unless it follows $, and ) closes only a $( ; $VAR and `…` stay literal.

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
}

const NO = 0;
const SINGLE = 1;
const QUOTED = 2;

export function parseShellWords(line: string): string[] {
  const args: string[] = [];
  let buf = '';
  let escaped = false;
  let doubleQuoted = false;
  let singleQuoted = false;
  let backQuote = false;
  let dollarQuote = false;
  let got = NO;

  loop: for (const r of line) {
    if (escaped) {
      escaped = false;
      if (backQuote || dollarQuote) {
        buf += `\\${r}`;
        got = SINGLE;
        continue;
      }
      buf += r === 't' ? '\t' : r === 'n' ? '\n' : r;
      got = SINGLE;
      continue;
    }
    if (r === '\\') {
      if (singleQuoted) buf += r;
      else escaped = true;
      continue;
    }
    if (isSpace(r)) {
      if (singleQuoted || doubleQuoted || backQuote || dollarQuote) {
        buf += r;
      } else if (got !== NO) {
        args.push(buf);
        buf = '';
        got = NO;
      }
      continue;
    }
    switch (r) {
      case '`':
        if (!singleQuoted && !doubleQuoted && !dollarQuote) backQuote = !backQuote;
        break;
      case ')':
        if (!singleQuoted && !doubleQuoted && !backQuote) {
          if (!dollarQuote) throw new Error('invalid command line string');
          buf += r;
          dollarQuote = false;
          got = SINGLE;
          continue;
        }
        break;
      case '(':
        if (!singleQuoted && !doubleQuoted && !backQuote) {
          if (!dollarQuote && buf.endsWith('$') && !buf.endsWith('\\$')) {
            dollarQuote = true;
            buf += '(';
            continue;
          }
          throw new Error('invalid command line string');
        }
        break;
      case '"':
        if (!singleQuoted && !dollarQuote && !backQuote) {
          if (doubleQuoted) got = QUOTED;
          doubleQuoted = !doubleQuoted;
          continue;
        }
        break;
      case "'":
        if (!doubleQuoted && !dollarQuote && !backQuote) {
          if (singleQuoted) got = QUOTED;
          singleQuoted = !singleQuoted;
          continue;
        }
        break;
      case ';':
      case '&':
      case '|':
      case '<':
      case '>':
        if (!(singleQuoted || doubleQuoted || backQuote || dollarQuote)) {
          if (r === '>' && buf.length > 0 && /^[0-9]+$/.test(buf)) got = NO;
          break loop;
        }
        break;
    }
    got = SINGLE;
    buf += r;
  }

  if (got !== NO) args.push(buf);
  if (escaped || singleQuoted || doubleQuoted || backQuote || dollarQuote) {
    throw new Error('invalid command line string');
  }
  return args;
}
