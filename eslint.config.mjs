// Type-aware lint for the Node side (core, cli, main, preload, shared, tests, bench).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const noElectron = {
  name: 'electron',
  message: 'src/core, src/cli and src/shared must not depend on Electron.',
};
const noKeytar = { name: 'keytar', message: 'Use the SecretStore interface (src/core/keychain).' };
const noRawIpc = {
  name: 'electron',
  importNames: ['ipcMain', 'ipcRenderer'],
  message:
    'Use the typed IPC contract (src/shared/ipc-contract.ts) bound in src/main/ipc.ts and src/preload/index.ts.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'renderer/dist/**', 'release/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: ['test', 'it', 'describe', 'suite', 'before', 'after'],
            },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // The core and the CLI run under plain Node (and are tested here); Electron stays in src/main.
    // keytar is known to exactly one file: everything else goes through the SecretStore interface.
    files: ['src/core/**/*.ts', 'src/cli/**/*.ts', 'src/shared/**/*.ts'],
    ignores: ['src/core/keychain/keytar-store.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noElectron, noKeytar] }],
    },
  },
  {
    files: ['src/core/keychain/keytar-store.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron] }] },
  },
  {
    // Raw IPC lives only where the typed contract is bound (GitHub Desktop's rule).
    files: ['src/main/**/*.ts', 'src/preload/**/*.ts'],
    ignores: ['src/main/ipc.ts', 'src/preload/index.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noKeytar, noRawIpc] }] },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Small CommonJS build scripts run by plain node.
    files: ['scripts/**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
