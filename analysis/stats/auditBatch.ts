import { roundedEqual } from './roundedEqual.ts';

/** A stated group result as read from a report ("Pass Rate: 17/20, avg 19.8%"). */
export interface StatedBatch {
  rounds: number;
  passed: number | null;
  efficiency_avg: number | null;
  efficiency_min: number | null;
  efficiency_max: number | null;
  /** Decimals the report printed, when known; otherwise inferred from each number. */
  decimals?: number;
}

/** The per-round rows the batch summarises. */
export interface AuditRow {
  status: 'pass' | 'fail' | 'error' | 'timeout' | null;
  efficiency_pct: number | null;
}

/** The batch fields that can be audited. */
export type AuditField = 'rounds' | 'passed' | 'efficiency_avg' | 'efficiency_min' | 'efficiency_max';

/** A stated number that the rows do not reproduce. */
export interface BatchMismatch {
  field: AuditField;
  stated: number;
  computed: number | null;
  message: string;
}

/** Result of {@link auditBatch}. */
export interface BatchAudit {
  ok: boolean;
  computed: Record<AuditField, number | null>;
  /** Fields that were stated and compared. */
  checked: AuditField[];
  mismatches: BatchMismatch[];
}

/** Decimals shown by the shortest representation of x (83 → 0, 82.95 → 2). */
function decimalsOf(x: number): number {
  const s = String(x);
  if (s.includes('e')) return 0;
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

/**
 * Recomputes a stated batch from the rows of the same report — round count,
 * pass count, and the average, minimum and maximum efficiency of the passing
 * rounds (efficiency counts from passing rounds only) — and lists every
 * stated number the rows do not reproduce. Counts must match exactly;
 * efficiencies match with rounding tolerance ({@link roundedEqual}, which
 * allows double rounding: 82.945 printed as 83.0).
 *
 * Reference: none needed (arithmetic); the rounding tolerance is documented
 * in {@link roundedEqual}.
 *
 * Edge cases: fields stated as null are not checked; a stated efficiency with
 * no passing row carrying one is a mismatch with computed null; decimals
 * are taken from `batch.decimals` when given, else from the number itself
 * (83.0 parsed as 83 gets the looser integer tolerance). Never throws on data.
 *
 * @example auditBatch({rounds: 2, passed: 2, efficiency_avg: 83, efficiency_min: null, efficiency_max: null, decimals: 1},
 *   [{status: 'pass', efficiency_pct: 82.9}, {status: 'pass', efficiency_pct: 82.99}]).ok // true
 */
export function auditBatch(batch: StatedBatch, rows: readonly AuditRow[]): BatchAudit {
  const passing = rows.filter((r) => r.status === 'pass');
  const effs = passing
    .map((r) => r.efficiency_pct)
    .filter((e): e is number => e !== null && Number.isFinite(e));
  const computed: Record<AuditField, number | null> = {
    rounds: rows.length,
    passed: passing.length,
    efficiency_avg: effs.length ? effs.reduce((s, e) => s + e, 0) / effs.length : null,
    efficiency_min: effs.length ? Math.min(...effs) : null,
    efficiency_max: effs.length ? Math.max(...effs) : null,
  };
  const checked: AuditField[] = [];
  const mismatches: BatchMismatch[] = [];
  const fields: AuditField[] = ['rounds', 'passed', 'efficiency_avg', 'efficiency_min', 'efficiency_max'];
  for (const field of fields) {
    const stated = batch[field];
    if (stated === null || stated === undefined) continue;
    checked.push(field);
    const value = computed[field];
    const exact = field === 'rounds' || field === 'passed';
    const decimals = batch.decimals ?? decimalsOf(stated);
    const same = value !== null && (exact ? value === stated : roundedEqual(stated, value, decimals));
    if (!same) {
      const shown =
        value === null
          ? 'nothing (no passing round with an efficiency)'
          : exact
            ? String(value)
            : value.toFixed(Math.max(decimals, 0) + 2);
      mismatches.push({
        field,
        stated,
        computed: value,
        message: `${field}: stated ${stated}, rows give ${shown}`,
      });
    }
  }
  return { ok: mismatches.length === 0, computed, checked, mismatches };
}
