/**
 * Quoting for the command lines soracom-cli splits with go-shellwords (no shell runs them). Inside single
 * quotes go-shellwords takes every character literally, backslashes included, so single quotes are the one
 * safe form on every platform; a single quote itself is written as '\'' (close, escaped quote, reopen).
 */
const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function quoteShellWord(word: string): string {
  if (SAFE_WORD.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export function joinShellWords(words: readonly string[]): string {
  return words.map(quoteShellWord).join(' ');
}
