/**
 * How a broken rule is reported: an 'invalid-input' MfaTrayError whose details name the field and the rule
 * (the facts the popup words through its i18n table); the message is the CLI's English.
 *
 * Plain TypeScript, no Node imports: the renderer (vite) imports the rules too.
 */
import { MfaTrayError, quoteInput } from '../errors';

/** One rule as people are told about it: what the thing is, and what it has to look like. */
export interface Rule {
  /** The rule's id, as `details.rule` carries it (stable: the renderer keys its wording on it). */
  readonly id: string;
  /** The thing, in a sentence: "profile name". */
  readonly what: string;
  /** What it has to look like, lower-case, no full stop: "use letters, digits …". */
  readonly expected: string;
}

/**
 * The error for `value` breaking `rule` in `field`. With `input` (the CLI, the core: the user typed it and
 * sees it anyway) the message quotes it, shortened; without (IPC: the value could be a pasted secret) the
 * message names the field only and `expected` becomes the hint.
 */
export function ruleError(rule: Rule, field: string, input?: string): MfaTrayError {
  if (input !== undefined) {
    return new MfaTrayError(
      'invalid-input',
      `"${quoteInput(input)}" is not a valid ${rule.what}: ${rule.expected}.`,
      { field, rule: rule.id },
    );
  }
  return new MfaTrayError('invalid-input', `The ${rule.what} is not valid.`, {
    field,
    rule: rule.id,
    hint: `${rule.expected.charAt(0).toUpperCase()}${rule.expected.slice(1)}.`,
  });
}

/** A rule broken by a value that is not even the right type (IPC only): never quoted. */
export function typeError(field: string, message: string, rule = 'type'): MfaTrayError {
  return new MfaTrayError('invalid-input', message, { field, rule });
}

/** A string of at most `maxLength` characters matching `pattern`. */
export function matches(value: unknown, pattern: RegExp, maxLength: number): value is string {
  return typeof value === 'string' && value.length <= maxLength && pattern.test(value);
}

/** A whole number within [min, max]. */
export function isWholeNumberIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}
