/*
 * Which AWS profile a section header names. The AWS CLI (botocore's configloader) reads the config file's
 * `[profile NAME]` headers with Python's shlex.split and keeps any header that starts with "profile" and
 * splits into exactly two words, so `[profile  x]`, `[profile\tx]`, `[profile "x"]`, `[profile 'x']` and
 * `[profile default]` are all profile x (or default). The credentials file's headers are taken literally.
 * Other SDKs trim blanks inside the brackets. Deciding whether a profile already exists uses all of these,
 * so that mfa-tray never takes over a profile that some AWS tool reads.
 */
import type { AwsFileKind } from './ini';

const SHLEX_WHITESPACE = ' \t\r\n';

/**
 * Python's `shlex.split(text)` (POSIX mode, no comments): words split at blanks, '…' literal, "…" with
 * backslash escaping only `\` and `"`, a backslash outside quotes escaping the next character.
 * Undefined where Python raises ValueError (an unclosed quote, a trailing backslash).
 */
export function shlexSplit(text: string): string[] | undefined {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\') {
        if (i + 1 >= text.length) return undefined;
        const next = text[++i];
        word += next === '\\' || next === '"' ? next : c + next;
      } else word += c;
    } else if (SHLEX_WHITESPACE.includes(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else if (c === '\\') {
      if (i + 1 >= text.length) return undefined;
      word += text[++i];
      inWord = true;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) return undefined;
  if (inWord) words.push(word);
  return words;
}

/** The profile botocore (the AWS CLI) reads a section of `file` as, if any. */
export function botocoreProfileName(file: AwsFileKind, section: string): string | undefined {
  if (file === 'credentials') return section;
  if (section === 'default') return 'default';
  if (!section.startsWith('profile')) return undefined;
  const words = shlexSplit(section);
  return words?.length === 2 ? words[1] : undefined;
}

/** The JavaScript SDK's reading: one blank after the prefix, optional matching quotes, a plain name. */
const JS_SDK_PREFIXED = /^([\w-]+)\s(["'])?([\w\-@+.%:/]+)\2$/;

/** Every profile name some AWS tool may read this section header as. */
export function profileNamesOfSection(file: AwsFileKind, section: string): Set<string> {
  const names = new Set<string>();
  for (const header of new Set([section, section.trim()])) {
    const botocore = botocoreProfileName(file, header);
    if (botocore !== undefined) names.add(botocore);
    if (file === 'config') {
      const js = JS_SDK_PREFIXED.exec(header);
      if (js?.[1] === 'profile') names.add(js[3]);
    }
  }
  return names;
}

/** The section names of `file` that some AWS tool reads as `profile`. */
export function sectionsNamingProfile(
  file: AwsFileKind,
  sectionNames: Iterable<string>,
  profile: string,
): string[] {
  return [...sectionNames].filter((section) => profileNamesOfSection(file, section).has(profile));
}

/**
 * The section the AWS CLI takes `profile`'s settings from: of several spellings, botocore keeps the last
 * one in the file.
 */
export function botocoreSectionFor(
  file: AwsFileKind,
  sectionNames: Iterable<string>,
  profile: string,
): string | undefined {
  return [...sectionNames].filter((section) => botocoreProfileName(file, section) === profile).at(-1);
}
