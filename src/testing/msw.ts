/**
 * `qbo-intellitrack-sync/testing/msw`: both emulators as msw request handlers, for tests that
 * intercept `fetch` without opening a socket. The only entry point that imports msw (an optional
 * peer dependency: `npm install -D msw@2`); `qbo-intellitrack-sync/testing` works without it.
 */
export { createIntelliTrackEmulatorHandlers, type IntelliTrackHandlerOptions } from './intellitrack/msw.js';
export { createQboEmulatorHandlers, type QboEmulatorHandlerOptions } from './qbo/msw-handlers.js';
