/**
 * `npm run dev:renderer` only (the Vite dev server adds this script to the page; `vite build` does not):
 * the app's API over HTTP to a running dev host, as `window.mfaTray`.
 */
// The channel list from the one channel map (plain TS: validators included, no Node), as main binds it.
import { REQUEST_CHANNELS } from '../../../src/main/channels';
import { createHttpApi } from './http-api';

window.mfaTray ??= createHttpApi(REQUEST_CHANNELS);
