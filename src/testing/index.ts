/**
 * `qbo-intellitrack-sync/testing`: stateful emulators of QuickBooks Online and IntelliTrack that
 * run in-process over real HTTP, for integrators' tests, demos and benchmarks, and the state-store
 * contract suite. Needs no msw: the msw handlers live in `qbo-intellitrack-sync/testing/msw`.
 */

export * from './intellitrack/index.js';
export * from './qbo/index.js';
export * from './store-contract.js';
