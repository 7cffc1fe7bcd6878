/** Injection tokens for the infrastructure built before Nest starts (see app.ts). */
export const SETTINGS = Symbol('SETTINGS');
export { EVENT_STORE } from './event-store/event-store.port.js';
