/**
 * When the tray last reminded about old keys and due finishes, kept in `<MFA_TRAY_HOME>/reminder.json`
 * so that restarting the app (or logging in again) does not remind twice the same day. Losing it is
 * harmless — at worst one reminder too many — so a damaged or unreadable file counts as "never".
 */
import path from 'node:path';
import { writeFileAtomic } from '../atomic-file';
import { readRegularFileSync } from '../regular-file';

export class ReminderMemory {
  readonly file: string;

  constructor(home: string) {
    this.file = path.join(home, 'reminder.json');
  }

  /** Epoch ms of the last reminder, or undefined. */
  lastShownAt(): number | undefined {
    try {
      const bytes = readRegularFileSync(this.file);
      if (!bytes) return undefined;
      const parsed: unknown = JSON.parse(bytes.toString('utf8'));
      const at =
        typeof parsed === 'object' && parsed !== null
          ? (parsed as { lastShownAt?: unknown }).lastShownAt
          : undefined;
      const ms = typeof at === 'string' ? Date.parse(at) : NaN;
      return Number.isFinite(ms) ? ms : undefined;
    } catch {
      return undefined;
    }
  }

  /** Records a reminder; a failed write only means the next start may remind again. */
  async remember(atMs: number): Promise<void> {
    const text = `${JSON.stringify({ lastShownAt: new Date(atMs).toISOString() }, null, 2)}\n`;
    await writeFileAtomic(this.file, text);
  }
}
