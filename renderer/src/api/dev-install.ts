/**
 * `npm run dev:renderer` only (the Vite dev server adds this script to the page; `vite build` does not):
 * the app's API over HTTP to a running dev host, as `window.mfaTray`.
 */
import { REQUEST_CHANNELS } from '../../../src/shared/ipc-contract';
import { createHttpApi } from './http-api';

window.mfaTray ??= createHttpApi(REQUEST_CHANNELS);
