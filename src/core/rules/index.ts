/**
 * Every pattern, limit and field rule of mfa-tray, once. The core, the CLI, IPC validation (src/main),
 * the bridge protocol and the popup's forms all import from here (the renderer imports the single files:
 * none of them imports Node).
 */
export * from './rule-error';
export * from './profile-rules';
export * from './mfa-device-rules';
export * from './code-rules';
export * from './settings-rules';
export * from './session-rules';
export * from './role-rules';
export * from './rotation-rules';
export * from './soracom-rules';
