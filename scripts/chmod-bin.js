// tsc does not keep the executable bit; the CLI is also run directly through its shebang.
const fs = require('node:fs');
const path = require('node:path');
const bin = require('../package.json').bin['mfa-tray'];
fs.chmodSync(path.join(__dirname, '..', bin), 0o755);
