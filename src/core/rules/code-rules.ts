/** The rules of MFA codes (typed, pasted, printed by a code command) and of code commands. */
import { ruleError, type Rule } from './rule-error';

/** AWS virtual MFA devices (and SORACOM's) are RFC 6238 TOTP: 6 digits. */
export const CODE_PATTERN = /^\d{6}$/;
/** Longer than any pasted code with spaces and a newline, short enough to refuse anything else. */
export const MAX_CODE_LENGTH = 32;
export const CODE_RULE: Rule = {
  id: 'otp-code',
  what: 'MFA code',
  expected: 'type the 6-digit code your authenticator app shows',
};

/**
 * Accepts what people paste: "123 456", "123-456", a trailing newline, full-width digits (１２３４５６, from a
 * Japanese input method — NFKC folds them and the full-width space and hyphen to ASCII). Returns the 6
 * digits or undefined.
 */
export function normaliseCode(input: string): string | undefined {
  const digits = input.normalize('NFKC').replace(/[\s\-\u2010-\u2015\u2212]/g, '');
  return CODE_PATTERN.test(digits) ? digits : undefined;
}

/** `value` as a 6-digit code, normalised, else 'invalid-input' (`what`: "first code", for two-code forms). */
export function checkCode(value: unknown, { field = 'code', what = CODE_RULE.what } = {}): string {
  const code =
    typeof value === 'string' && value.length <= MAX_CODE_LENGTH ? normaliseCode(value) : undefined;
  if (code === undefined) throw ruleError({ ...CODE_RULE, what }, field);
  return code;
}

/** Longer than any real `op …`/`ykman …` line; keeps a pasted document out of profiles.json. */
export const MAX_CODE_COMMAND_LENGTH = 1000;
/** A code command that has not printed a code by then is stopped: it must not hang a login. */
export const CODE_COMMAND_TIMEOUT_MS = 30_000;

/** The ways a code command line can be refused (details.rule, field 'codeCommand'). */
export const CODE_COMMAND_RULES = {
  tooLong: 'code-command-too-long',
  noShell: 'code-command-no-shell',
  empty: 'code-command-empty',
} as const;
export type CodeCommandRule = (typeof CODE_COMMAND_RULES)[keyof typeof CODE_COMMAND_RULES];
