import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { i18nLint } from './tools/i18n-lint';

/**
 * Serve only: the page gets the dev host's HTTP shim (src/api/dev-install.ts) before the app. And the dev
 * server injects inline scripts (React Fast Refresh) and talks to its HMR websocket; the strict CSP
 * of index.html would block both, so `vite` (serve only) relaxes it. `vite build` keeps it untouched.
 */
function devCsp(): Plugin {
  return {
    name: 'mfa-tray-dev-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return (
        html
          // The HTTP shim to the dev host (not in the production bundle): before the app's script.
          .replace(
            '<script type="module" src="./src/main.tsx">',
            '<script type="module" src="./src/api/dev-install.ts"></script>\n    <script type="module" src="./src/main.tsx">',
          )
          .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
          .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
          .replace("connect-src 'self'", "connect-src 'self' ws: wss:")
      );
    },
  };
}

// MFA_TRAY_DEV_HOST=http://127.0.0.1:PORT npm run dev:renderer — forwards /api/* to a running dev host.
const devHost = process.env['MFA_TRAY_DEV_HOST'];

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  // Keep Vite's dependency cache in the repo's node_modules, not in renderer/node_modules.
  cacheDir: '../node_modules/.vite/renderer',
  plugins: [i18nLint(), react(), devCsp()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No inline polyfill script: the CSP allows only 'self' scripts (Electron's Chromium has modulepreload).
    modulePreload: { polyfill: false },
    reportCompressedSize: true,
  },
  server: {
    strictPort: false,
    ...(devHost ? { proxy: { '/api': { target: devHost, changeOrigin: true } } } : {}),
  },
});
