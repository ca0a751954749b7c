/**
 * `qbo-intellitrack-sync/testing`: stateful emulators of QuickBooks Online and IntelliTrack that
 * run in-process over real HTTP (or as msw handlers), for integrators' tests, demos and benchmarks.
 */

export * from './intellitrack/index.js';
export * from './qbo/index.js';
export * from './store-contract.js';
