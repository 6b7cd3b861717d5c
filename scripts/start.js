// `npm start` runs the tray app, which needs Electron's binary. A CLI-only install
// (ELECTRON_SKIP_BINARY_DOWNLOAD=1) or a failed download leaves it out: say so in one line, instead of
// letting electron fail with "failed to install correctly".
const fs = require('node:fs');

function electronBinary() {
  try {
    // The electron package exports the path of its binary; it throws when the binary was never downloaded.
    const binary = require('electron');
    return typeof binary === 'string' && fs.existsSync(binary) ? binary : undefined;
  } catch (error) {
    return error && error.code === 'MODULE_NOT_FOUND' ? null : undefined;
  }
}

const binary = electronBinary();
if (binary === null) {
  console.error(
    'npm start: Electron is not installed (a dev dependency): run `npm install` (without --omit=dev). The CLI works without it: `npm run build:cli`, then `node dist/src/cli/main.js`.',
  );
  process.exit(1);
}
if (binary === undefined) {
  console.error(
    "npm start: Electron's binary is missing (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1, or its download failed): run `npm rebuild electron` (with ELECTRON_SKIP_BINARY_DOWNLOAD unset, where github.com is reachable). The CLI works without it: `node dist/src/cli/main.js`.",
  );
  process.exit(1);
}
