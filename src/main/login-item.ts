import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from '../core/atomic-file';

/** "Start at login", as the AppController sees it. */
export interface LoginItem {
  get(): boolean;
  set(enabled: boolean): Promise<void>;
}

/**
 * Electron's `app.setLoginItemSettings` works on macOS and Windows only. On Linux desktops (GNOME, KDE,
 * XFCE, …) starting at login means an XDG autostart entry: `$XDG_CONFIG_HOME/autostart/<name>.desktop`.
 */
export class XdgAutostart implements LoginItem {
  readonly file: string;

  constructor(
    private readonly options: {
      /** $XDG_CONFIG_HOME, default ~/.config. */
      configHome: string;
      /** What to run: [executable, ...args]. */
      command: string[];
      name: string;
      comment: string;
    },
  ) {
    this.file = path.join(options.configHome, 'autostart', `${options.name}.desktop`);
  }

  get(): boolean {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      return false;
    }
    // An entry the desktop's settings switched off stays on disk with one of these.
    return (
      !/^Hidden\s*=\s*true\s*$/im.test(text) && !/^X-GNOME-Autostart-enabled\s*=\s*false\s*$/im.test(text)
    );
  }

  async set(enabled: boolean): Promise<void> {
    if (!enabled) {
      fs.rmSync(this.file, { force: true });
      return;
    }
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    await writeFileAtomic(this.file, this.entry(), { mode: 0o644 });
  }

  entry(): string {
    return [
      '[Desktop Entry]',
      'Type=Application',
      `Name=${this.options.name}`,
      `Comment=${this.options.comment}`,
      `Exec=${desktopExec(this.options.command)}`,
      'Terminal=false',
      'X-GNOME-Autostart-enabled=true',
      '',
    ].join('\n');
  }
}

/** $XDG_CONFIG_HOME when it is an absolute path (as the spec requires), else ~/.config. */
export function xdgConfigHome(env: NodeJS.ProcessEnv = process.env, home = os.homedir()): string {
  const configured = env.XDG_CONFIG_HOME;
  return configured && path.isAbsolute(configured) ? configured : path.join(home, '.config');
}

/**
 * An Exec= value per the Desktop Entry spec: arguments with reserved characters in double quotes, with
 * `"`, `` ` ``, `$` and `\` escaped inside them; `%` doubled so it is not read as a field code; then the
 * string-value escaping, which doubles every backslash once more.
 */
export function desktopExec(command: readonly string[]): string {
  return command
    .map((arg) => {
      if (/[\r\n]/.test(arg))
        throw new Error('A command for the autostart entry cannot contain a line break.');
      const escaped = arg.replace(/%/g, '%%');
      if (escaped !== '' && !/[\s"'\\><~|&;$*?#()`=]/.test(escaped)) return escaped;
      return `"${escaped.replace(/(["`$\\])/g, '\\$1')}"`;
    })
    .join(' ')
    .replace(/\\/g, '\\\\');
}
