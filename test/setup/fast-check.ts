import fc from 'fast-check';

// Property tests explore new random inputs on every local run (set FC_SEED to replay a failure).
// CI runs one fixed seed so a clean clone's result does not depend on chance; counterexamples found
// locally are turned into plain regression tests beside the property.
const seed = process.env.FC_SEED ?? (process.env.CI ? '20261125' : undefined);
if (seed !== undefined) fc.configureGlobal({ seed: Number(seed) });
