/**
 * Follows changes the CLI makes to profiles.json, so the popup and the tray show them without a click.
 */
import fs from 'node:fs';
import type { Clock } from '../core/clock';

/** Changes to profiles.json arrive as a burst of events (lock file, temp file, rename): one refresh per burst. */
export const WATCH_DEBOUNCE_MS = 150;

export class ProfilesWatcher {
  private watcher: fs.FSWatcher | undefined;
  private timer: unknown;

  constructor(
    /** MFA_TRAY_HOME, the directory of profiles.json. */
    private readonly home: string,
    private readonly clock: Clock,
    /** Called once per burst of changes. */
    private readonly onChange: () => void,
  ) {}

  start(): void {
    try {
      fs.mkdirSync(this.home, { recursive: true, mode: 0o700 });
      // The file is replaced by rename on every write, so the directory is what can be watched.
      this.watcher = fs.watch(this.home, { persistent: false }, (_event, filename) => {
        if (filename !== null && filename !== 'profiles.json') return;
        if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
        this.timer = this.clock.setTimeout(() => {
          this.timer = undefined;
          this.onChange();
        }, WATCH_DEBOUNCE_MS);
      });
      this.watcher.on('error', () => {
        // The directory went away; the app's own changes still refresh everything.
        this.watcher?.close();
        this.watcher = undefined;
      });
    } catch {
      // No watching on this file system: CLI changes show after the next action or resume.
    }
  }

  stop(): void {
    this.watcher?.close();
    this.watcher = undefined;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
