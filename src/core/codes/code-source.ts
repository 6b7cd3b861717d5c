/**
 * Where the next MFA code comes from — decided here, once, for the CLI, the tray's silent refresh, the
 * bridge and soracom-cli's profileCommand (aws-vault's `prompt/` and Leapp's injected code prompter are the
 * models). The callers carry out the decision; none of them re-decides it.
 */
export type CodeSource =
  /** The caller was given a code (--code, the popup's field). */
  | { from: 'given'; code: string }
  /** The opt-in built-in authenticator: the device's seed is in the keychain. */
  | { from: 'authenticator' }
  /** The profile's code command (e.g. `op item get ITEM --otp`), run without a shell. */
  | { from: 'command'; argv: string[] }
  /** The running tray app asks the user (the popup's code entry); several waiting callers share it. */
  | { from: 'app' }
  /** A terminal prompt without echo. */
  | { from: 'terminal' }
  /** Nowhere: the caller says what to set up. */
  | { from: 'none' };

export interface CodeSourceFacts {
  /** A code the caller already has (normalised or not). */
  given?: string;
  /** The built-in authenticator holds the seed of the device this profile logs in with. */
  builtInAuthenticator: boolean;
  /** The profile's code command, if one is configured. */
  codeCommand?: string[];
  /** The tray app answers on its socket (and this caller may wait for it). */
  appAvailable: boolean;
  /** stdin and stderr are a terminal, so a prompt can be shown. */
  terminal: boolean;
}

/**
 * The order: a given code; the built-in authenticator (the user opted in); the profile's code command
 * (the user configured it); the tray app (one place for every prompt); a terminal; else nowhere.
 */
export function chooseCodeSource(facts: CodeSourceFacts): CodeSource {
  if (facts.given !== undefined) return { from: 'given', code: facts.given };
  if (facts.builtInAuthenticator) return { from: 'authenticator' };
  if (facts.codeCommand && facts.codeCommand.length > 0) return { from: 'command', argv: facts.codeCommand };
  if (facts.appAvailable) return { from: 'app' };
  if (facts.terminal) return { from: 'terminal' };
  return { from: 'none' };
}

/** Whether a code can be had without a person: the tray may refresh such a session by itself. */
export function codeWithoutPerson(
  facts: Pick<CodeSourceFacts, 'builtInAuthenticator' | 'codeCommand'>,
): boolean {
  const source = chooseCodeSource({ ...facts, appAvailable: false, terminal: false });
  return source.from === 'authenticator' || source.from === 'command';
}
