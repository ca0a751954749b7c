export * from './bulk.js';
export * from './common.js';
export * from './division.js';
export * from './feed.js';
export * from './inventory.js';
export * from './item.js';
export * from './order.js';
export * from './party.js';
