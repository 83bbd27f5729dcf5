/**
 * Report category (MAP §2) from the path and from whether runtime
 * measurements were found. Rules, first match wins:
 * 1. crash analysis: `CRASH_ANALYSIS`, `crash_analysis`, `crash_timing`, `crash_reports/`;
 * 2. milestone: `MILESTONE`, `THRESHOLD`, or a README inside an `archive/…verification…` folder;
 * 3. formal verification: `FORMAL_VERIFICATION_ITERATIONS_…`, `FORMAL_VERIFICATION_<n>_N…`;
 * 4. design: top-level and docs/papers/specs/… files that are not reports
 *    (roadmaps, plans, READMEs, blog posts, papers, templates, instructions);
 * 5. code review: `verification_round_<r>_N…`, `verification_round(s)_N…`,
 *    `trying_hard` cycles — when no measurement was found (else measurement);
 * 6. investigation-style names (analysis, investigation, benchmark, performance,
 *    optimization, root cause, audit, study, gap, research, proof):
 *    investigation with measurements, analysis_no_measurement without;
 * 7. everything else: measurement with measurements, else
 *    verification_no_measurement for verification/cleanup/maintenance/status
 *    names and analysis_no_measurement for the rest.
 */
import type { ReportCategory } from '../../store/vocabulary.ts';
import type { Block } from './blocks.ts';

const MEASURE_TEXT =
  /\d[\d,.]*\s*[kKmM]?\s*(?:ops\/s(?:ec)?|samples\/s|samp\/s)\b|\d+(?:\.\d+)?\s*%\s*(?:efficiency|@\s*\d+\s*t|at \d+ threads)|efficiency[^|\n]{0,24}?\d+(?:\.\d+)?\s*%|crash(?:es|\s+logs?)?\s*(?:before|after)\b|\b(?:before|after) tests?\s*:\s*\d|\bnew crashes\s*:\s*\d|\b\d[\d,]*\s+ops\b[^.\n]{0,30}\b0 errors\b/i;

/**
 * True when a line of text carries a runtime measurement signal (throughput,
 * efficiency %, crash counts before/after, "N ops … 0 errors"). Used with
 * extracted rows to decide measurement vs no-measurement categories.
 */
export function hasMeasurementSignal(text: string): boolean {
  return MEASURE_TEXT.test(text);
}

/**
 * True when any text line or table cell of a report carries a measurement
 * signal ({@link hasMeasurementSignal}).
 *
 * @example hasMeasurementSignalIn(walk(tree)) // true for a report stating "8,161 ops/s"
 */
export function hasMeasurementSignalIn(blocks: readonly Block[]): boolean {
  return blocks.some((b) =>
    b.kind === 'table'
      ? b.rows.some((r) => r.cells.some((c) => hasMeasurementSignal(c.text)))
      : hasMeasurementSignal(b.text),
  );
}

/**
 * The category of a report at `path` (forward or back slashes), given whether
 * measurements were found in it.
 *
 * @example categorize('archive/verification_rounds_remaining/verification_round_1128_N2873_2025-12-23.md', false) // 'code_review'
 */
export function categorize(path: string, measured: boolean): ReportCategory {
  const p = path.replace(/\\/g, '/');
  const base = p.split('/').pop() ?? '';
  if (/crash_?analysis|crash_timing|(?:^|\/)crash_reports\//i.test(p)) return 'crash_analysis';
  if (
    /milestone|threshold/i.test(base) ||
    (/^readme\.md$/i.test(base) && /archive\/[^/]*verification/i.test(p))
  )
    return 'milestone';
  if (/^FORMAL_VERIFICATION_(?:ITERATIONS_)?\d/i.test(base)) return 'formal_verification';
  const dirs = p.split('/').slice(0, -1);
  const inArchive = dirs.includes('archive');
  const near = p.split('/').slice(-3).join('/');
  const reportName =
    /(?:^|_)N\d+|verification|cleanup|maintenance|worker|phase\d|round|\d{4}-\d{2}-\d{2}/i.test(base);
  if (!inArchive) {
    if (
      /roadmap|plan|readme|blog|paper|template|instructions|guide|summary|overview|design|architecture|assumptions|submission|feedback|appendix|do_not_use|mcp|upstream|proof|research|figures/i.test(
        near,
      )
    )
      return 'design';
    if (!reportName && !measured) return 'design';
  }
  if (/verification_rounds?_(?:\d+_N\d+|N\d+)|trying_hard|verification_rounds?_\d+[-_]\d+/i.test(base))
    return measured ? 'measurement' : 'code_review';
  if (
    /analysis|investigation|benchmark|performance|optimi[sz]ation|root_cause|audit|study|gap|research|proof|comparison|effectiveness|profil|methodology|limits/i.test(
      base,
    )
  )
    return measured ? 'investigation' : 'analysis_no_measurement';
  if (measured) return 'measurement';
  return /verification|cleanup|maintenance|status|worker|report|phase/i.test(base)
    ? 'verification_no_measurement'
    : 'analysis_no_measurement';
}
