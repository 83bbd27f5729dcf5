/**
 * Evidence units for tests: a report's rows or batch with its environment as
 * its file states it. Not part of the derive step (tests only).
 */
import type { EnvAttribute } from '../stats/index.ts';
import type { EnvValues, EvidenceUnit } from './evidenceUnit.ts';

const NOTHING: EnvValues = {
  fix_variant: null,
  torch: null,
  threads: null,
  wrapper: null,
  workload: null,
  serialised: null,
};

/**
 * A unit of report `path` (source id = path); `stated` values are stated on
 * the row, `file` values come from elsewhere in the file (`file:3`), the rest
 * are unknown.
 *
 * @example unit('a.md', {worker_n: 7, stated: {threads: 8}, file: {fix_variant: 'v2.9'}})
 */
export function unit(
  path: string,
  over: Partial<Omit<EvidenceUnit, 'values' | 'from'>> & {
    stated?: Partial<EnvValues>;
    file?: Partial<EnvValues>;
  } = {},
): EvidenceUnit {
  const { stated = {}, file = {}, ...rest } = over;
  const values = { ...NOTHING, ...file, ...stated };
  const from = Object.fromEntries(
    (Object.keys(NOTHING) as EnvAttribute[]).map((a) => [
      a,
      a in stated ? 'stated' : a in file ? 'file:3' : 'unknown',
    ]),
  ) as Record<EnvAttribute, string>;
  return {
    source_id: path,
    path,
    line: 10,
    origin: 'report',
    kind: 'primary',
    worker_n: null,
    report_date: '2025-12-23',
    label: null,
    roundNumbers: null,
    roundFirst: null,
    roundLast: null,
    rounds: 1,
    crashed: 0,
    attempts: null,
    crashedAttempts: null,
    fingerprint: null,
    ...rest,
    values,
    from,
  };
}

/** Round ids first…last. */
export const ids = (first: number, last: number) =>
  Array.from({ length: last - first + 1 }, (_, i) => first + i);
