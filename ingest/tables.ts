/**
 * The raw-table contract of DESIGN.md as TypeScript row types.
 *
 * Parsers return these rows without `source_id` (the ingester adds it, since it
 * is the sha256 of the file's bytes); every row carries the 1-based `line` it
 * was read from. Derived tables live in `analysis/derivedTables.ts`.
 */

export type SourceKind = 'report' | 'round_log' | 'crash_report' | 'crash_summary';
export type SourceStatus = 'ok' | 'partial' | 'rejected';
export type RoundStatus = 'pass' | 'fail' | 'error' | 'timeout';
export type AttemptOutcome = 'pass' | 'crash' | 'fail' | 'timeout';
export type Wrapper = 'retry' | 'none';
export type BatchKind = 'primary' | 'cumulative';
export type Origin = 'runner' | 'report';

/** A problem found while reading a file: never thrown, always recorded on `sources`. */
export interface Problem {
  line: number | null;
  message: string;
}

export interface SourceRow {
  source_id: string;
  path: string;
  kind: SourceKind;
  bytes: number;
  ingested_at: string;
  status: SourceStatus;
  problems: string[];
}

export type ReportCategory =
  | 'measurement'
  | 'investigation'
  | 'code_review'
  | 'formal_verification'
  | 'milestone'
  | 'verification_no_measurement'
  | 'analysis_no_measurement'
  | 'design'
  | 'crash_analysis';

export interface ReportRow {
  line: number;
  title: string | null;
  report_date: string | null; // ISO date, YYYY-MM-DD
  worker_n: number | null;
  torch_version: string | null;
  hardware: string | null;
  fix_variant: string | null;
  category: ReportCategory;
}

/** Labels that define a configuration: the canonical group key is built from them. */
export interface ConfigLabels {
  fix_variant: string | null;
  torch_version: string | null;
  threads: number | null;
  wrapper: Wrapper | null;
}

export interface RoundRow extends ConfigLabels {
  line: number;
  round_uid: string;
  origin: Origin;
  session: string | null;
  config: string;
  round_no: number | null;
  status: RoundStatus | null;
  attempts: number | null;
  crashed_attempts: number | null;
  efficiency_pct: number | null;
  started_at: string | null;
  duration_s: number | null;
  host: string | null;
}

export interface AttemptRow {
  line: number;
  round_uid: string;
  attempt_no: number;
  started_at: string | null;
  duration_s: number | null;
  exit_code: number | null;
  signal: string | null;
  outcome: AttemptOutcome;
  crash_uid: string | null;
}

export interface BatchRow extends ConfigLabels {
  line: number;
  label: string;
  config: string;
  rounds: number;
  passed: number | null;
  efficiency_avg: number | null;
  efficiency_min: number | null;
  efficiency_max: number | null;
  round_first: number | null;
  round_last: number | null;
  kind: BatchKind;
}

export interface ScalingRow {
  line: number;
  series: string;
  config: string;
  fix_variant: string | null;
  threads: number;
  throughput: number | null;
  speedup: number | null;
  efficiency_pct: number | null;
}

export interface MetricRow {
  line: number;
  metric: string;
  value: number;
  unit: string | null;
  threads: number | null;
  config: string | null;
  context: string | null;
}

export interface CrashRow {
  line: number;
  crash_uid: string;
  captured_at: string | null;
  process: string | null;
  pid: number | null;
  exception_type: string | null;
  signal: string | null;
  subtype: string | null;
  fault_address: string | null;
  pac_failure: boolean;
  crashed_symbol: string | null;
  frames: string[];
  signature: string;
  rules_version: string;
  original_name: string | null;
  duplicates_folded: number;
  os_version: string | null;
  model: string | null;
  round_uid: string | null;
}

export type ClaimStance =
  | 'safe'
  | 'unsafe'
  | 'necessary'
  | 'unnecessary'
  | 'counterproductive'
  | 'stable'
  | 'unstable'
  | 'recommended'
  | 'not_recommended';

export interface ClaimRow {
  line: number;
  text: string;
  subject: string | null;
  stance: ClaimStance;
}

/** Everything a Markdown report yields. */
export interface ParsedReport {
  report: ReportRow;
  rounds: RoundRow[];
  batches: BatchRow[];
  scaling: ScalingRow[];
  metrics: MetricRow[];
  claims: ClaimRow[];
  problems: Problem[];
}

/** Everything a crash report or crash summary yields. */
export interface ParsedCrashes {
  crashes: CrashRow[];
  problems: Problem[];
}
