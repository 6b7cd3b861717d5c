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
