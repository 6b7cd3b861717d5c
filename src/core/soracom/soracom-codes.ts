/**
 * The codes mfa-tray hands to SORACOM: the built-in authenticator (an opt-in seed in the keychain), codes
 * fetched from elsewhere (a code command, the tray app), and the hashes of recent codes in profiles.json,
 * so that no code SORACOM has seen from us is sent twice.
 */
import { MfaTrayError } from '../errors';
import { readJsonSecret, secretAccounts } from '../keychain/secret-store';
import { normaliseSeed } from '../otpauth';
import type { SoracomProfile } from '../profiles';
import { generateCode, hashCode, normaliseCode, secondsUntilNextCode, TOTP_PERIOD_SECONDS } from '../totp';
import type { SoracomAccountContext } from './soracom-account-context';

/** Where the code for soracom-cli comes from, decided by the caller (src/core/codes/code-source.ts). */
export type HandOutSource =
  | { from: 'authenticator' }
  /** Gets a code (a code command, the tray app); called again once when it returns a code already used. */
  | { from: 'fetch'; get: () => Promise<string>; retryAfterWindow: boolean };

/** SORACOM accepts the current window ±1: a code is "recent" for three windows. */
const RECENT_CODE_MS = 3 * TOTP_PERIOD_SECONDS * 1000;
const PERIOD_MS = TOTP_PERIOD_SECONDS * 1000;

export const SORACOM_BUILT_IN_AUTHENTICATOR_WARNING =
  'The built-in authenticator keeps the MFA secret in this computer’s keychain, next to the SORACOM ' +
  'password: both factors then live on this computer, so whoever can use your account on it can sign in ' +
  'to SORACOM as you without your phone. Turn it on only if that is acceptable for this account.';

export class SoracomCodes {
  constructor(
    private readonly ctx: SoracomAccountContext,
    /** Waits (for the next TOTP window). */
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  /**
   * A code SORACOM has not seen from us: never one handed out or used in the last windows. The built-in
   * authenticator hands out the current window's code, else the next window's (SORACOM accepts +1), else
   * waits for the next window. A fetched code (a code command, the tray app) already handed out is fetched
   * once more after the window turns, when `retryAfterWindow`, else refused as reused.
   */
  async handOutCode(name: string, source: HandOutSource): Promise<string> {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      if (source.from === 'authenticator') {
        const seed = await this.readSeed(name);
        if (!seed) {
          throw new MfaTrayError('no-code-source', `The built-in authenticator is off for "${name}".`, {
            hint: `Turn it on with \`mfa-tray soracom mfa enable ${name} --keep-seed\`.`,
          });
        }
        const now = this.ctx.clock.now();
        const candidates = await Promise.all(
          [0, 1].map((offset) => generateCode(seed, now + offset * PERIOD_MS)),
        );
        const picked = await this.claim(name, candidates, now);
        if (picked) return picked;
      } else {
        const code = normaliseCode(await source.get());
        if (!code) throw new MfaTrayError('invalid-input', 'An MFA code is 6 digits.', { field: 'code' });
        const now = this.ctx.clock.now();
        const picked = await this.claim(name, [code], now);
        if (picked) return picked;
        if (!source.retryAfterWindow) throw codeReusedError(now);
      }
      await this.sleep(secondsUntilNextCode(this.ctx.clock.now()) * 1000 + 200);
    }
    throw codeReusedError(this.ctx.clock.now());
  }

  /** Under the profile lock: the first candidate not recently handed out, recorded as handed out now. */
  private async claim(name: string, candidates: string[], nowMs: number): Promise<string | undefined> {
    return this.ctx.profiles.update((data) => {
      const found = data.profiles.find((p) => p.name === name);
      if (!found || found.kind !== 'soracom')
        throw new MfaTrayError('profile-not-found', `There is no SORACOM profile named "${name}".`);
      const recent = pruneRecent(found.recentCodes, nowMs);
      const pick = candidates.find((c) => !recent.some((r) => r.hash === hashCode(soracomKey(name), c)));
      if (pick !== undefined)
        recent.push({ hash: hashCode(soracomKey(name), pick), usedAt: new Date(nowMs).toISOString() });
      found.recentCodes = recent;
      return pick;
    });
  }

  /** Records a code as used (SORACOM may have seen it). */
  async remember(name: string, code: string): Promise<void> {
    const now = this.ctx.clock.now();
    await this.ctx.profiles.updateOfKind(name, 'soracom', (p) => {
      const recent = pruneRecent(p.recentCodes, now);
      const hash = hashCode(soracomKey(name), code);
      if (!recent.some((r) => r.hash === hash)) recent.push({ hash, usedAt: new Date(now).toISOString() });
      p.recentCodes = recent;
    });
  }

  /** Whether the code was handed out or used within the windows SORACOM accepts. */
  wasRecent(profile: SoracomProfile, code: string, nowMs: number): boolean {
    const hash = hashCode(soracomKey(profile.name), code);
    return pruneRecent(profile.recentCodes, nowMs).some((r) => r.hash === hash);
  }

  async setBuiltInAuthenticator(name: string, seedBase32: string): Promise<void> {
    const seed = normaliseSeed(seedBase32);
    if (!seed) throw new MfaTrayError('invalid-input', 'That is not a base32 MFA secret.', { field: 'seed' });
    this.ctx.profile(name);
    await this.ctx.secrets.set(secretAccounts.soracomMfaSeed(name), JSON.stringify({ seed }));
    await this.ctx.profiles.updateOfKind(name, 'soracom', (p) => {
      p.builtInAuthenticator = true;
    });
  }

  async disableBuiltInAuthenticator(name: string): Promise<boolean> {
    this.ctx.profile(name);
    const deleted = await this.ctx.secrets.delete(secretAccounts.soracomMfaSeed(name));
    await this.ctx.profiles.updateOfKind(name, 'soracom', (p) => {
      delete p.builtInAuthenticator;
    });
    return deleted;
  }

  /** Whether the keychain holds this profile's MFA seed (the built-in authenticator is on). */
  async hasBuiltInAuthenticator(name: string): Promise<boolean> {
    return (await this.readSeed(name)) !== undefined;
  }

  async readSeed(name: string): Promise<string | undefined> {
    const stored = await readJsonSecret(
      this.ctx.secrets,
      secretAccounts.soracomMfaSeed(name),
      (v): v is { seed: string } => typeof (v as { seed?: unknown } | null)?.seed === 'string',
    );
    return stored?.seed;
  }
}

function soracomKey(name: string): string {
  return `soracom:${name}`;
}

function pruneRecent(
  recent: { hash: string; usedAt: string }[] | undefined,
  nowMs: number,
): { hash: string; usedAt: string }[] {
  return (recent ?? []).filter((r) => nowMs - Date.parse(r.usedAt) < RECENT_CODE_MS);
}

export function codeReusedError(nowMs: number): MfaTrayError {
  const wait = secondsUntilNextCode(nowMs);
  return new MfaTrayError('code-reused', 'That code was already used; SORACOM accepts each code only once.', {
    secondsUntilNextCode: wait,
    hint: `Wait for the next code (in ${wait} s) and enter that one.`,
  });
}
