/**
 * qbo-intellitrack-sync — keep QuickBooks Online and IntelliTrack in sync.
 *
 * Entity schemas and types live in two namespaces, `Qbo` (QBO's wire shapes, PascalCase) and
 * `IntelliTrack` (this SDK's IntelliTrack contract), because both services have an `Item`, a
 * `Vendor` and a `Customer`.
 */
export type { Clock } from './core/clock.js';
export { systemClock } from './core/clock.js';
export * from './core/errors.js';
export type { HttpErrorContext, HttpMethod, HttpResponse } from './core/http-types.js';
export type { Logger } from './core/logger.js';
export { silentLogger } from './core/logger.js';
export type { RetryPolicy } from './core/retry.js';
export * from './intellitrack/index.js';
export * as IntelliTrack from './intellitrack/schemas/index.js';
export * from './mappers/index.js';
export * from './qbo/index.js';
export * as Qbo from './qbo/schemas/index.js';
export * from './sync/index.js';
