export type { Clock } from './core/clock.js';
export { systemClock } from './core/clock.js';
export * from './core/errors.js';
export type { Logger } from './core/logger.js';
export { silentLogger } from './core/logger.js';
export * from './intellitrack/schemas/index.js';
