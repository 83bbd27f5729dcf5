/**
 * Report category (MAP §2) from the path, whether runtime measurements were
 * found, and whether the report names a worker. Rules, first match wins:
 * 0. not evidence: documents that are not reports, by their name anywhere in
 *    the tree: `README`, `MAP`, `START_HERE`, `INDEX`, `CHANGELOG`,
 *    `CONTRIBUTING`, roadmaps, plans, templates, checklists, guides,
 *    instructions (they describe formats, plans and expectations, or sum up
 *    other files: nothing in them is a run);
 * 1. crash analysis: `CRASH_ANALYSIS`, `crash_analysis`, `crash_timing`, `crash_reports/`;
 * 2. milestone: `MILESTONE`, `THRESHOLD`, or a README inside an `archive/…verification…` folder;
 * 3. formal verification: `FORMAL_VERIFICATION_ITERATIONS_…`, `FORMAL_VERIFICATION_<n>_N…`;
 * 4. design: top-level and docs/papers/specs/… files that are not reports
 *    (blog posts, papers, summaries, proofs, …), and any file outside
 *    `archive/` whose name is no report's and which names no worker (a
 *    project document that states results states them with no session);
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

/**
 * A number's digits are bounded ({1,30}) where a match may start: a run of
 * digits unbounded there is tried from each of its digits to its end, which
 * makes a long run (a line of 100,000 digits) quadratic. A number of more
 * than 30 digits still matches, from a later digit.
 */
const MEASURE_TEXT =
  /\d[\d,.]{0,30}\s*[kKmM]?\s*(?:ops\/s(?:ec)?|samples\/s|samp\/s)\b|\d{1,30}(?:\.\d{1,30})?\s*%\s*(?:efficiency|@\s*\d+\s*t|at \d+ threads)|efficiency[^|\n]{0,24}?\d+(?:\.\d+)?\s*%|crash(?:es|\s+logs?)?\s*(?:before|after)\b|\b(?:before|after) tests?\s*:\s*\d|\bnew crashes\s*:\s*\d|\b\d[\d,]{0,30}\s+ops\b[^.\n]{0,30}\b0 errors\b/i;

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

/** Names of documents that are not reports (rule 0). */
const NOT_EVIDENCE =
  /^(?:readme|map|start[_-]?here|index|contents|toc|changelog|contributing|notice|license)(?:[._-]|$)|roadmap|(?:^|[_\-\s])plans?(?:[_\-.\s]|$)|template|checklist|(?:^|[_\-\s])guide(?:[_\-.\s]|$)|instructions|how[_-]?to/i;

/**
 * True for a document that is not a report (rule 0 of {@link categorize}).
 *
 * @example isNotEvidence('../shared/corpus/MAP.md') // true
 * @example isNotEvidence('archive/old_reports_2025_12_pre25/phase8_final_submission_guide_N11_2025-12-12.md') // true
 */
export function isNotEvidence(path: string): boolean {
  return NOT_EVIDENCE.test(path.replace(/\\/g, '/').split('/').pop() ?? '');
}

/**
 * The category of a report at `path` (forward or back slashes), given whether
 * measurements were found in it and the worker N it names (null when none).
 *
 * @example categorize('archive/verification_rounds_remaining/verification_round_1128_N2873_2025-12-23.md', false) // 'code_review'
 */
export function categorize(path: string, measured: boolean, worker: number | null = null): ReportCategory {
  const p = path.replace(/\\/g, '/');
  const base = p.split('/').pop() ?? '';
  if (isNotEvidence(base)) return 'not_evidence';
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
    if (!reportName && (!measured || worker == null)) return 'design';
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
