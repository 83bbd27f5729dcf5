import type { RowOf, TableSpec } from '../../store/tableSpec.ts';
import type { Loaded, LoadName } from './loaders.ts';

/**
 * How one derived table is made: the table's spec, the loads it reads, and
 * its rows computed from those loads by pure functions (no database, no
 * clock, no unseeded randomness). `analyze` runs every load any producer
 * declares once, then every producer, then writes all tables together.
 */
export interface Producer<S extends TableSpec = TableSpec> {
  readonly spec: S;
  readonly loads: readonly LoadName[];
  /** The table's rows; throws (naming the table) when a declared load is missing from `loaded`. */
  rows(loaded: Partial<Loaded>): RowOf<S>[];
}

/**
 * Declares a producer. `compute` sees only the loads listed in `loads` (the
 * compiler rejects reading another), so the declaration is what the producer
 * really reads.
 *
 * @example producer(PASS_RATES, ['evidence'], ({ evidence }) => passRateRows(evidence.groups))
 */
export function producer<S extends TableSpec, const L extends LoadName>(
  spec: S,
  loads: readonly L[],
  compute: (loaded: Pick<Loaded, L>) => RowOf<S>[],
): Producer<S> {
  return {
    spec,
    loads,
    rows(loaded) {
      if (!hasLoads(loaded, loads)) {
        const missing = loads.filter((name) => loaded[name] === undefined);
        throw new Error(`${spec.name}: load ${missing.join(', ')} missing`);
      }
      return compute(loaded);
    },
  };
}

function hasLoads<L extends LoadName>(
  loaded: Partial<Loaded>,
  names: readonly L[],
): loaded is Partial<Loaded> & Pick<Loaded, L> {
  return names.every((name) => loaded[name] !== undefined);
}
