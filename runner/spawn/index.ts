/**
 * Spawning attempts' processes, behind the `Spawner` interface so that tests
 * can use a fake. Everything outside `runner/spawn/` enters through this
 * catalogue; the launcher co-process, its pool and `killGroup` stay inside.
 */

// The interface, and the output limit every spawner keeps

export { MAX_OUTPUT, type Spawner, type SpawnRequest, type SpawnResult } from './spawner.ts';

// Real processes: the default (through the launcher where one runs), and Node's own spawn

export { directSpawner } from './directSpawner.ts';
export { processSpawner } from './processSpawner.ts';

// Signal names, canonical (SIGABRT, not SIGIOT)

export { canonicalSignal, signalName } from './signalName.ts';

// The fake for tests

export { type FakeSpawner, type FakeStep, fakeResult, fakeSpawner } from './fakeSpawner.ts';
