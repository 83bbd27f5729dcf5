/**
 * The fuzz target over every parser and the ingest (issue 11): seeded inputs
 * made from the project's own examples and golden files, the properties they
 * must keep, and the committed corpus of inputs that once broke one
 * (`regressions/`, replayed by fuzz.test.ts). Run it with
 * `npm run fuzz -- --seed S --count N` (scripts/fuzz.ts).
 */
export { type FuzzInput, fuzzInput, fuzzInputs } from './fuzzInputs.ts';
export { checkIngest, checkParsers, controlFiles, type FuzzFinding, writeFuzzFolder } from './fuzzTarget.ts';
export { type Linearity, linearity } from './linearity.ts';
export { MUTATIONS } from './mutations.ts';
export { REGRESSIONS_DIR, readRegressions, saveRegression } from './regressions.ts';
export { fuzzSeeds, roundLogText, type Seed, type SeedKind } from './seeds.ts';
