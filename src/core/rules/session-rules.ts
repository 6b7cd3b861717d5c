/** How long a stored session must still live to be used, in one place. */

/**
 * A session is handed out (credential_process, the bridge's cache answer) or used as a role's source only
 * while it lives at least this long, so the AWS CLI does not get one that dies mid-call.
 */
export const MIN_SESSION_VALIDITY_MS = 60_000;

/**
 * A rotation (keys, Funnel) makes several calls over a few minutes: the session it runs on must live at
 * least this long.
 */
export const MIN_ROTATION_SESSION_VALIDITY_MS = 5 * 60_000;

/** How long a CLI call waits for the user to type a code in the popup, unless it asks for another wait. */
export const DEFAULT_PROMPT_TIMEOUT_MS = 120_000;
export const MIN_PROMPT_TIMEOUT_MS = 1_000;
/** Nobody should stay blocked on a prompt for longer than this, whatever they ask for. */
export const MAX_PROMPT_TIMEOUT_MS = 15 * 60_000;
