/**
 * The regression corpus: every fuzz input that ever broke a property, kept as
 * a file under `ingest/fuzz/regressions/` with the name the fuzzer gave it
 * (`s<seed>-<i>-<kind>-<mutations><ext>`, which says which parser reads it), and
 * replayed by fuzz.test.ts on every test run.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FuzzInput } from './fuzzInputs.ts';
import { SEED_EXTENSIONS, type SeedKind } from './seeds.ts';

export const REGRESSIONS_DIR = fileURLToPath(new URL('./regressions/', import.meta.url));

const KINDS = Object.keys(SEED_EXTENSIONS) as SeedKind[];

/** Every input of the regression corpus, read back with its kind (from its name, else its ending). */
export function readRegressions(dir = REGRESSIONS_DIR): FuzzInput[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name !== 'README.md')
    .sort()
    .map((name) => {
      const named = /^(?:s\d+-)?\d+-([a-z_]+)-(.*?)(\.[^.]+)?$/.exec(name);
      const kind =
        named && KINDS.includes(named[1] as SeedKind)
          ? (named[1] as SeedKind)
          : (KINDS.find((k) => name.endsWith(SEED_EXTENSIONS[k])) ?? 'report');
      return {
        name,
        kind,
        origin: `regression:${name}`,
        mutations: named ? named[2].split('+') : [],
        bytes: readFileSync(join(dir, name)),
      };
    });
}

/** Keeps an input in the regression corpus (a file of its bytes, under its own name). */
export function saveRegression(input: FuzzInput, from?: string, dir = REGRESSIONS_DIR): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, input.name);
  if (from) copyFileSync(from, path);
  else writeFileSync(path, input.bytes);
  return path;
}
