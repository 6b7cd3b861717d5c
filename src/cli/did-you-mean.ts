/**
 * "Did you mean …?" for mistyped commands and options. Small enough to keep here rather than add a runtime
 * dependency to the CLI's hot path.
 */

/** Edit distance (insertions, deletions, substitutions; a swap of two neighbours counts as one). */
export function editDistance(a: string, b: string): number {
  // Optimal string alignment: the classic table, plus transpositions ("lgoin" → "login" is one typo).
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

/** Typos at most this far from a known word get a suggestion. */
export const MAX_SUGGESTION_DISTANCE = 2;

/**
 * The known word the user most likely meant: the nearest within MAX_SUGGESTION_DISTANCE (ties: the first
 * in `known`) that keeps some of what was typed, else the only known word that starts with what was typed (`--access-key` → `--access-key-id`).
 */
export function closest(typed: string, known: readonly string[]): string | undefined {
  const input = typed.toLowerCase();
  let best: string | undefined;
  let bestDistance = MAX_SUGGESTION_DISTANCE + 1;
  for (const word of known) {
    // A one-letter word is "near" everything short; suggesting it would be noise.
    if (word.length < 2) continue;
    const distance = editDistance(input, word.toLowerCase());
    // …and a guess that replaces every letter typed ("x" → "qr") is no guess.
    if (distance < bestDistance && distance < input.length) {
      best = word;
      bestDistance = distance;
    }
  }
  if (best !== undefined) return best;
  const prefixed = known.filter((w) => input.length >= 2 && w.toLowerCase().startsWith(input));
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

/** ` (did you mean "login"?)`, or nothing. */
export function didYouMean(typed: string, known: readonly string[], quote = (w: string) => w): string {
  const guess = closest(typed, known);
  return guess === undefined ? '' : ` (did you mean "${quote(guess)}"?)`;
}
