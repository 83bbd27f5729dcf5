/**
 * The loads of the derive step: each reads raw tables (or rule files) once
 * per `analyze`, and every producer that declares it gets the same value.
 * Loads are the only I/O of the derived tables besides writing them.
 */
import type { Db } from '../../store/db.ts';
import type { CrashLogStatement } from '../newCrashChecks.ts';
import { type ClaimRecord, loadClaims } from './loadClaims.ts';
import { type CrashLoad, loadCrashes } from './loadCrashes.ts';
import { loadCrashLogs } from './loadCrashLogs.ts';
import { type DriftSeries, loadDriftSeries } from './loadDriftSeries.ts';
import { type Evidence, loadEvidence } from './loadEvidence.ts';
import { loadReportRounds, type RoundRecord } from './loadReportRounds.ts';
import { loadScalingSeries, type ScalingLoad } from './loadScalingSeries.ts';

/** What each load gives, by name. */
export interface Loaded {
  /** Round groups and stated batches with their details (pass rates, attempt rates, comparisons, audits, verdicts). */
  evidence: Evidence;
  /** Rounds of reports' per-round tables (audits of stated batches). */
  reportRounds: RoundRecord[];
  /** Thread-scaling series: reports point by point, runner measurements per configuration and round (scaling fits). */
  scaling: ScalingLoad;
  /** Claims stated in reports (audits of claims). */
  claims: ClaimRecord[];
  /** Stored crashes and captures, their rounds' labels, the current signature rules, the evidence's span (crash tables). */
  crashes: CrashLoad;
  /** Reports' crash-log counts with the reports' stated times (checks of "new crash" counts). */
  crashLogs: CrashLogStatement[];
  /** Efficiency and crash series per configuration in time order (changepoints). */
  drift: DriftSeries;
}

/** The name of a load. */
export type LoadName = keyof Loaded;

/** Every load, by name: an exhaustive table, so a load named in `Loaded` cannot lack its reader. */
export const LOADERS: { readonly [K in LoadName]: (db: Db) => Promise<Loaded[K]> } = {
  evidence: loadEvidence,
  reportRounds: loadReportRounds,
  scaling: loadScalingSeries,
  claims: loadClaims,
  crashes: loadCrashes,
  crashLogs: loadCrashLogs,
  drift: loadDriftSeries,
};

/** Runs each named load once, in the set's order, and returns their values by name. */
export async function loadAll(db: Db, names: ReadonlySet<LoadName>): Promise<Partial<Loaded>> {
  const loaded: Partial<Loaded> = {};
  for (const name of names) await loadInto(loaded, name, db);
  return loaded;
}

async function loadInto<K extends LoadName>(loaded: Partial<Loaded>, name: K, db: Db): Promise<void> {
  loaded[name] = await LOADERS[name](db);
}
