import type { PASS_RATES } from '../../store/derivedTables.ts';
import type { RowOf } from '../../store/tableSpec.ts';
import { BINOMIAL_METHODS, binomialInterval, type EvidenceGroup, selectEvidence } from '../stats/index.ts';
import { distinctEnvironments, labelsOf } from './environments.ts';

/** `pass_rates`: per environment, k/n of the selected evidence with every interval method at 95%. */
export function passRateRows(groups: readonly EvidenceGroup[], level = 0.95): RowOf<typeof PASS_RATES>[] {
  const rows: RowOf<typeof PASS_RATES>[] = [];
  for (const env of distinctEnvironments(groups)) {
    const { kept } = selectEvidence(groups, env);
    const total = kept.reduce((n, g) => n + g.rounds, 0);
    if (total === 0) continue;
    const passed = kept.reduce((n, g) => n + g.rounds - g.crashed, 0);
    const count = (origin: string) =>
      kept.filter((g) => g.origin === origin).reduce((n, g) => n + g.rounds, 0);
    for (const method of BINOMIAL_METHODS) {
      const ci = binomialInterval(passed, total, method, level);
      rows.push({
        ...labelsOf(env),
        passed,
        total,
        rate: passed / total,
        method,
        level,
        lower: ci.lower,
        upper: ci.upper,
        runner_rounds: count('runner'),
        report_rounds: count('report'),
        batch_rounds: count('batch'),
        sources: new Set(kept.map((g) => g.source_id)).size,
      });
    }
  }
  return rows;
}
