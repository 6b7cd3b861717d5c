/**
 * Errors as they cross IPC (kinds and details, worded by the renderer) and the Result every request returns.
 * No Node or Electron imports: main, preload and renderer import this.
 */

/** Error kinds, as in src/core/errors.ts; the renderer words them through its i18n table. */
export interface ErrorDto {
  kind: string;
  /** English text from the core, used when the renderer has no translation for `kind`. */
  message: string;
  hint?: string;
  secondsUntilNextCode?: number;
  clockOffsetSeconds?: number;
  /** A file the error is about (shown as is in every language). */
  path?: string;
  /** For invalid-input: the field and the rule it broke, so the UI can word it in its language. */
  field?: string;
  rule?: string;
  /** SORACOM's own error code (e.g. AUM0063), shown as is in every language. */
  soracomCode?: string;
  /** Why, within the kind (e.g. a role refusal: role-mfa-required, role-chaining-cap; see src/core/roles). */
  reason?: string;
  /** For source-has-roles: the roles assumed from the profile (names, the same in every language). */
  roles?: string[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorDto };
