/** The seven flows of the Synchronization tab, one file each. */

export { adjustmentsFlow } from './adjustments.js';
export { customersFlow } from './customers.js';
export { inventoryFlow } from './inventory.js';
export { itemsFlow } from './items.js';
export { pickingFlow } from './picking.js';
export { receivingFlow } from './receiving.js';
export { vendorsFlow } from './vendors.js';
