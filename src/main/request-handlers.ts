/**
 * What each request channel does: validated arguments in (src/main/channels.ts, checked by
 * src/main/dispatch.ts before any of these runs), a plain value out; a throw becomes the Result's error.
 */
import type { BaseKeys } from '../core/keychain/secret-store';
import type { CreatedVirtualDevice, MfaDeviceService } from '../core/mfa-devices';
import type { PromptCoordinator } from '../core/prompts';
import { refuseRemovingSourceOfRoles, removeSourceWithRoles, rolesOf, type RoleDriver } from '../core/roles';
import { MfaTrayError } from '../core/errors';
import { validateBaseKeys, type MfaTrayCore } from '../core/mfa-tray-core';
import type { MfaSetupDto, ProfileDto, SettingsDto } from '../shared/ipc-contract';
import type { Note } from '../shared/notes';
import type { BuiltInAuthenticators } from './built-in-authenticators';
import type { TrayDeviceSetups } from './tray-device-setups';
import type { ChannelHandlers } from './dispatch';
import type { LoginItem } from './login-item';
import { soracomHandlers } from './soracom-handlers';
import { recordKeyAgeAfterLogin, rotationHandlers } from './rotation-handlers';
import type { Clock } from '../core/clock';
import { DEFAULT_KEY_AGE_REMINDER_DAYS } from '../core/rules/settings-rules';
import type { EventChannel, EventChannels } from '../shared/ipc-contract';
import { BUILT_IN_ATTEMPT } from './silent-refresh';

/** What the handlers work with: the core and the app's own state (AppController builds it). */
export interface HandlerHost {
  core: MfaTrayCore;
  prompts: PromptCoordinator;
  mfa: MfaDeviceService;
  roles: RoleDriver;
  setups: TrayDeviceSetups;
  builtIn: BuiltInAuthenticators;
  loginItem: LoginItem;
  version: string;
  platform: string;
  hideWindow: () => void;
  quit?: () => void;
  openHelp?: () => void | Promise<void>;
  /** Re-reads profiles.json, re-arms the scheduler, tells everyone; returns the profiles as shown. */
  refresh(): ProfileDto[];
  /** After a source logged in: its roles in use are renewed from the new session. */
  renewRoles(source: string): Promise<void>;
  /** The app's clock (rotations, key ages); events to the renderer (rotation progress). */
  clock: Clock;
  emit: <E extends EventChannel>(event: E, payload: EventChannels[E]) => void;
  /** A rotation ran or finished, or a login recorded a key's age: the tray's reminder looks again. */
  onRotationsChanged?: () => void;
}

/** The one DTO with a seed: only what the setup screen shows (no otpauth URI, no SVG markup). */
function toSetupDto(created: CreatedVirtualDevice): MfaSetupDto {
  return {
    serialNumber: created.serialNumber,
    deviceName: created.deviceName,
    userName: created.userName,
    accountId: created.accountId,
    seedBase32: created.seedBase32,
    qrPngDataUrl: created.qr.pngDataUrl,
    pendingUntil: created.pendingUntil,
  };
}

export function settingsDto(host: Pick<HandlerHost, 'core' | 'loginItem'>): SettingsDto {
  const settings = host.core.settings();
  return {
    leadTimeSeconds: settings.leadTimeSeconds,
    notifications: settings.notifications,
    language: settings.language,
    startAtLogin: host.loginItem.get(),
    keyAgeReminderDays: settings.keyAgeReminderDays ?? DEFAULT_KEY_AGE_REMINDER_DAYS,
  };
}

/** After an AWS login: the base key's age, best effort (never fails the login), then the popup hears of it. */
function recordKeyAge(host: HandlerHost, name: string): void {
  void recordKeyAgeAfterLogin(host.core, host.clock, name).then((recorded) => {
    if (!recorded) return;
    host.emit('rotation:progress', { kind: 'access-key', profile: name, point: 'key-age' });
    host.onRotationsChanged?.();
  });
}

export function createRequestHandlers(host: HandlerHost): ChannelHandlers {
  const core = host.core;
  return {
    'app:info': () => ({
      version: host.version,
      platform: host.platform,
      prompt: host.prompts.pending()[0] ?? null,
    }),
    'profiles:list': () => host.refresh(),
    'profiles:add': async (request) => {
      const result = await core.addProfile(request);
      await host.builtIn.check(result.profile.name);
      host.refresh();
      return result;
    },
    'profiles:update': async (request) => {
      const result = await core.updateProfile(request);
      // Another device: the kept seed (if any) no longer matches.
      await host.builtIn.check(request.name);
      host.refresh();
      return result;
    },
    'profiles:remove': async (name, options) => {
      // Any kind: a SORACOM account is removed here too (the core dispatches by kind).
      core.profiles.getAny(name);
      // Refused before anything is touched (its prompt, its unfinished devices) while roles use it.
      if (!options?.withRoles) refuseRemovingSourceOfRoles(core.profiles.load().profiles, name);
      host.prompts.cancel(name);
      // Its keys are about to go: delete its unfinished devices while they can still be deleted.
      await host.setups.abandonAllOf(name);
      // The core refuses a source that roles use, unless the user confirmed removing them too.
      if (options?.withRoles) {
        for (const role of rolesOf(core.profiles.load().profiles, name)) host.prompts.cancel(role.name);
        await removeSourceWithRoles(host.roles, (n) => core.removeProfile(n), name);
      } else {
        await core.removeProfile(name);
      }
      host.builtIn.forget(name);
      host.refresh();
      return null;
    },
    'profiles:detect-serial': async (request) => {
      let base: BaseKeys;
      let region = request.region;
      if (request.name !== undefined) {
        base = await core.baseKeys(request.name);
        region ??= core.profiles.get(request.name).region;
      } else {
        base = validateBaseKeys(request.accessKeyId ?? '', request.secretAccessKey ?? '');
      }
      region ??= core.env.AWS_REGION || core.env.AWS_DEFAULT_REGION || 'us-east-1';
      const notes: Note[] = [];
      const serial = await core.discoverMfaSerial(base, region, notes, request.name ?? '');
      return { serial: serial ?? null, notes };
    },
    'profiles:import-candidates': () => core.importCandidates(),
    'profiles:import': async (request) => {
      const result = await core.importProfile(request.awsProfile, {
        scrub: request.scrub,
        ...(request.name !== undefined ? { name: request.name } : {}),
        ...(request.delivery !== undefined ? { delivery: request.delivery } : {}),
      });
      await host.builtIn.check(result.profile.name);
      host.refresh();
      return { profile: result.profile, notes: result.notes };
    },
    'session:login': async ({ name, code }) => {
      // Through the coordinator: a CLI call waiting on this profile gets the same session.
      const result = await host.prompts.submit(name, code);
      if (result.profile.kind === 'aws') {
        void host.renewRoles(name);
        recordKeyAge(host, name);
      }
      const profiles = host.refresh();
      const profile = profiles.find((p) => p.name === name) ?? result.profile;
      return {
        profile,
        expiresAt: result.expiresAt,
        warnings: result.warnings,
        ...(result.codeHandedOut ? { codeHandedOut: true as const } : {}),
      };
    },
    'session:logout': async (name, options) => {
      await core.logout(name);
      // The same call as `mfa-tray logout NAME --with-roles`.
      if (options?.withRoles) await host.roles.logoutRolesOf(name);
      host.refresh();
      return null;
    },
    'session:login-built-in': async (name) => {
      const result = await host.prompts.submitWith(name, BUILT_IN_ATTEMPT, () => host.builtIn.login(name));
      if (result.profile.kind === 'aws') recordKeyAge(host, name);
      const profiles = host.refresh();
      const profile = profiles.find((p) => p.name === name) ?? result.profile;
      return { profile, expiresAt: result.expiresAt, warnings: result.warnings };
    },
    'prompt:open': (name) => host.prompts.show(name, 'user'),
    'prompt:cancel': (name) => {
      host.prompts.cancel(name);
      return null;
    },
    'settings:get': () => settingsDto(host),
    'settings:update': async (patch) => {
      const { startAtLogin, ...stored } = patch;
      if (Object.keys(stored).length > 0) await core.updateSettings(stored);
      if (startAtLogin !== undefined) await host.loginItem.set(startAtLogin);
      if (stored.leadTimeSeconds !== undefined) host.refresh();
      return settingsDto(host);
    },
    'window:hide': () => {
      host.hideWindow();
      return null;
    },
    'app:quit': () => {
      // After the answer: quitting tears down the window the answer goes to.
      const quit = host.quit;
      if (quit) setImmediate(quit);
      return null;
    },
    'app:help': async () => {
      await host.openHelp?.();
      return null;
    },
    'mfa:list': async (name) => {
      const list = await host.mfa.list(name);
      return { ...list, builtInAuthenticator: await host.mfa.builtInAuthenticator(name) };
    },
    'mfa:create': async ({ name, deviceName, path }) => {
      const created = await host.mfa.create(name, deviceName, path !== undefined ? { path } : {});
      return toSetupDto(created);
    },
    'mfa:enable': async (request) => {
      const { name, serialNumber } = request;
      const result = await host.mfa.enable(name, serialNumber, request.code1, request.code2, {
        builtInAuthenticator: request.builtInAuthenticator === true,
      });
      await host.builtIn.check(name);
      // The profile logs in with the new device now: everyone showing it hears so.
      const profile = host.refresh().find((p) => p.name === name) ?? result.profile;
      return { ...result, profile };
    },
    'mfa:abandon': async ({ name, serialNumber }) => {
      if (host.setups.profileOf(serialNumber) !== name) {
        // Only setups started here: deleting anything else goes through mfa:remove and its confirmation.
        throw new MfaTrayError('invalid-input', 'That MFA device is not being set up here.', {
          hint: 'Delete a leftover device from the list of MFA devices instead.',
        });
      }
      return host.setups.abandon(serialNumber);
    },
    'mfa:resync': ({ name, serialNumber, code1, code2 }) => host.mfa.resync(name, serialNumber, code1, code2),
    'mfa:describe-removal': ({ name, serialNumber }) => host.mfa.describeRemoval(name, serialNumber),
    'mfa:remove': async ({ name, serialNumber, confirmedCurrent }) => {
      const result = await host.mfa.remove(name, serialNumber, {
        confirmedCurrent: confirmedCurrent === true,
      });
      await host.builtIn.check(name);
      const profile = host.refresh().find((p) => p.name === name) ?? result.profile;
      return { ...result, profile };
    },
    'mfa:authenticator': async ({ name }) => {
      await host.mfa.disableBuiltInAuthenticator(name);
      await host.builtIn.check(name);
      host.refresh();
      return host.mfa.builtInAuthenticator(name);
    },
    ...soracomHandlers(host),
    ...rotationHandlers(host),
  };
}
