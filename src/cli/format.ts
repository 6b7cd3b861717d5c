/** Wording shared by several commands. */
import type { Note } from '../shared/notes';
import type { TerminalIo } from './terminal-io';
import { noteText } from './wording';

export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, totalSeconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min` : `${s} s`;
}

export function printLoggedIn(
  io: TerminalIo,
  name: string,
  expiresAt: string,
  target: string,
  warnings: readonly Note[],
): void {
  for (const w of warnings) io.err(`mfa-tray: warning: ${noteText(w)}\n`);
  const until = new Date(expiresAt);
  io.out(
    `Logged in "${name}" until ${until.toLocaleString()} (${formatDuration(Math.round((until.getTime() - Date.now()) / 1000))}). ` +
      `Use: aws … --profile ${target}\n`,
  );
}

/** A date from the core (ISO 8601) in the user's locale and time zone. */
export function formatWhen(iso: string): string {
  return new Date(iso).toLocaleString();
}

/** "2026-…" plus " (service, region)" when IAM says where a key was last used. */
export function formatLastUse(use: {
  date: string;
  serviceName: string | null;
  region: string | null;
}): string {
  const where = use.serviceName ? ` (${use.serviceName}${use.region ? `, ${use.region}` : ''})` : '';
  return `${formatWhen(use.date)}${where}`;
}
