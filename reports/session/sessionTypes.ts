/**
 * The typed rows a session report is rendered from (reports/session/):
 * what {@link loadSessionReport} reads from the database and
 * {@link renderSessionReport} writes as the team's Markdown.
 */

/** Which rounds make the session: a campaign (optionally one run of it), a round range, or a worker's reports. */
export type SessionSelector =
  | { kind: 'campaign'; campaign: string; run?: string }
  | { kind: 'rounds'; first: number; last: number }
  | { kind: 'worker'; worker: number };

/** One round of the session, as the `rounds` view holds it (report or runner). */
export interface SessionRound {
  round_uid: string;
  origin: string;
  /** The canonical configuration key (store/configKey.ts), the verdicts' `config`. */
  config: string;
  round_no: number | null;
  status: string | null;
  attempts: number | null;
  crashed_attempts: number | null;
  wrapper: string | null;
  efficiency_pct: number | null;
  /** The round's own time (runner) or its report's date (`YYYY-MM-DD`), when known. */
  date: string | null;
  host: string | null;
  campaign: string | null;
  worker_n: number | null;
}

/** The always-valid verdict on one configuration (the `verdicts` row). */
export interface SessionVerdict {
  config: string;
  answer: string | null;
  headline: string | null;
  procedure: string | null;
  rounds: number | null;
  crashed_rounds: number | null;
  rounds_needed: number | null;
  fixed_n_answer: string | null;
  sentence: string | null;
}

/** A comparison of two configurations that both ran in the session (the `comparisons` row). */
export interface SessionComparison {
  a_config: string;
  b_config: string;
  unit: string | null;
  a_passed: number | null;
  a_total: number | null;
  b_passed: number | null;
  b_total: number | null;
  a_attempts: number | null;
  a_failed_attempts: number | null;
  b_attempts: number | null;
  b_failed_attempts: number | null;
  fisher_two_sided: number | null;
  holm_p: number | null;
}

/** A crash report linked to a round of the session (crash links, ingest/linkCrashes.ts). */
export interface SessionCrash {
  round_uid: string;
  round_no: number | null;
  config: string;
  attempt_no: number | null;
  captured_at: string | null;
  signature: string;
  exception_type: string | null;
  signal: string | null;
}

/** Every round of a configuration in the database so far (not only the session's). */
export interface CumulativeConfig {
  config: string;
  rounds: number;
  passed: number;
  attempts: number | null;
  crashed_attempts: number | null;
  sources: number;
}

/**
 * A batch the session's reports state without listing its rounds (a
 * `primary` batch: `### Native PyTorch (5 rounds)`, `Rounds 1760-1779: 12/20`);
 * batches that sum up the listed rounds are left out.
 */
export interface SessionBatch {
  label: string;
  config: string;
  rounds: number;
  passed: number | null;
  efficiency_avg: number | null;
  round_first: number | null;
  round_last: number | null;
  line: number;
}

/** Everything a session report says, in typed rows. */
export interface SessionReportData {
  /** How the session was chosen, as the user wrote it (`demo`, `1740-1809`, `N=2941`). */
  selector: string;
  rounds: SessionRound[];
  batches: SessionBatch[];
  verdicts: SessionVerdict[];
  comparisons: SessionComparison[];
  crashes: SessionCrash[];
  cumulative: CumulativeConfig[];
}
