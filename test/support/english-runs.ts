/**
 * Runs of four or more Latin-script words in a text. In the Japanese popup every sentence comes from the ja
 * table, so such a run is an English sentence that leaked (from the core, or an untranslated string).
 * Names, ARNs, serials and file paths have no spaces inside, so they never make a run; a seed shown in
 * groups (`UCBN VDEO UHOZ M`) has no lowercase word, so neither does it.
 */
export function englishRuns(text: string): string[] {
  return [...text.matchAll(/\b[A-Za-z]+(?:[ ,'’]+[A-Za-z]+){3,}/g)]
    .map((m) => m[0])
    .filter((run) => run.split(/[ ,'’]+/).filter((word) => /[a-z]/.test(word)).length >= 3);
}
