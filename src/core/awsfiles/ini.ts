/*
 * The lossless editor for the AWS credentials and config files: parse (ini-parse.ts), edit
 * (ini-document.ts), render byte-for-byte (ini-sections.ts), over one line grammar (ini-lines.ts).
 */
export { IniDocument } from './ini-document';
export type { LineEnding } from './ini-lines';
export { parseIni, parseIniBytes, type IniParseOptions, type IniProblem } from './ini-parse';

export type AwsFileKind = 'credentials' | 'config';

/** `[default]` is shared by both files; other config profiles are `[profile NAME]`. */
export function profileSectionName(file: AwsFileKind, profile: string): string {
  return file === 'config' && profile !== 'default' ? `profile ${profile}` : profile;
}
