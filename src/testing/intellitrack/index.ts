/**
 * The IntelliTrack emulator: an in-memory core with warehouse rules, served over node:http
 * ({@link startIntelliTrackEmulator}) or msw (`createIntelliTrackEmulatorHandlers` of `qbo-intellitrack-sync/testing/msw`).
 */
export type { ActivityEvent } from './activity.js';
export {
  IntelliTrackEmulatorCore,
  type IntelliTrackEmulatorOptions,
  type IntelliTrackEmulatorOutcome,
  type IntelliTrackEmulatorRequest,
} from './core.js';
export { IntelliTrackEmulatorData, type IntelliTrackPutRecord } from './data.js';
export type { IntelliTrackFaultRates, IntelliTrackQueuedFault } from './fault-compat.js';
export {
  type IntelliTrackFaultKind,
  type IntelliTrackFaultMatch,
  type IntelliTrackFaultOptions,
  type IntelliTrackFaultRule,
  type IntelliTrackFaultSpec,
  type IntelliTrackFaultStep,
  IntelliTrackFaults,
} from './faults.js';
export type { IntelliTrackLimits } from './limits.js';
export {
  INTELLITRACK_PROBLEM_BASE,
  IntelliTrackProblem,
  type IntelliTrackProblemBody,
  type IntelliTrackProblemFieldError,
} from './problem.js';
export {
  type IntelliTrackRequestFilter,
  IntelliTrackRequestLog,
  IntelliTrackRouteCounter,
  type IntelliTrackRouteInfo,
  type IntelliTrackRouteKind,
} from './requests.js';
export { INTELLITRACK_RECORD_SCHEMAS } from './schemas.js';
export type { WarehouseSeed } from './seed.js';
export {
  type IntelliTrackEmulator,
  type StartIntelliTrackEmulatorOptions,
  startIntelliTrackEmulator,
} from './server.js';
export { WarehouseSimulator, type WarehouseWorkLine } from './simulate.js';
export type { IntelliTrackRecords, IntelliTrackTable } from './state.js';
