/**
 * One piece of evidence as the cross-file interpretation sees it, before it
 * becomes an evidence group: a group of rounds or a stated batch, with what
 * its file says of its environment (values and `*_from` provenance) and where
 * it sits among the reports (worker N, date, round ids, report family). The
 * rules that read these (series inheritance, the cross-source index of
 * rounds, torch pooling) are pure functions over a list of units.
 */
import type { BatchKind } from '../../store/vocabulary.ts';
import type { EnvAttribute, EvidenceOrigin } from '../stats/index.ts';

/** The value of an environment attribute: text, a thread count, or null (not stated). */
export type EnvValue = string | number | null;

/** An environment by attribute (`torch` is the PyTorch version as read). */
export type EnvValues = Record<EnvAttribute, EnvValue>;

/** A group of rounds or a stated batch, with its environment as its file states it. */
export interface EvidenceUnit {
  source_id: string;
  path: string;
  /** First line of the group (rows) or the batch's line. */
  line: number;
  origin: EvidenceOrigin;
  kind: BatchKind;
  /** The report's worker N and date (null for round logs and reports that state none). */
  worker_n: number | null;
  report_date: string | null;
  /** A stated batch's label (null for rows). */
  label: string | null;
  /** Round ids listed row by row (reports), or the range a batch states. */
  roundNumbers: readonly number[] | null;
  roundFirst: number | null;
  roundLast: number | null;
  /** Rounds, crashed (or failed) rounds, and attempts when known, as the evidence group will count them. */
  rounds: number;
  crashed: number;
  attempts: number | null;
  crashedAttempts: number | null;
  /** The machine's fingerprint (round logs), part of the environment but never inferred. */
  fingerprint: string | null;
  values: EnvValues;
  /** Provenance per attribute, as stored: `stated[:LINE]`, `file[:LINE]`, `unknown`, or `series:PATH:LINE` once inferred. */
  from: Record<EnvAttribute, string>;
}

/** Whether a provenance says the file itself gave the value (on the row, its heading or table, or elsewhere in the file). */
export const fromTheFile = (from: string): boolean => from.startsWith('stated') || from.startsWith('file');

/** Whether a provenance says the value was written on the row, its table or its heading (not inferred). */
export const statedOnRow = (from: string): boolean => from.startsWith('stated');

/**
 * The line a file states an attribute at: the line in its provenance
 * (`file:21`, `stated:5`), else the unit's own line (`stated` = on the row).
 *
 * @example statementLine('file:21', 40) // 21
 */
export function statementLine(from: string, unitLine: number): number {
  const n = Number(from.slice(from.lastIndexOf(':') + 1));
  return from.includes(':') && Number.isInteger(n) && n > 0 ? n : unitLine;
}

/** The provenance of a value inherited from a statement at `path:line` of another file. */
export const seriesProvenance = (path: string, line: number): string => `series:${path}:${line}`;

/**
 * A report's family: its folder and its file name up to the first digit, so
 * `…/verification_round_1640-1659_2025-12-23-10-01.md` and
 * `…/verification_round_1660-1679_2025-12-23-09-58.md` are one family
 * (`…/verification_round_`), and `verification_rounds_2090_2109_…` another.
 *
 * @example reportFamily('a/b/verification_cycle_190_2025.md') // 'a/b/verification_cycle_'
 */
export function reportFamily(path: string): string {
  const slash = path.lastIndexOf('/');
  const name = path.slice(slash + 1);
  const digit = name.search(/\d/);
  return path.slice(0, slash + 1) + (digit < 0 ? name : name.slice(0, digit));
}

/**
 * The worker a batch's label names (`Comparison with Recent Batches: N=2936`
 * names worker 2936): the last `N=` number in the label, or null.
 *
 * @example workerNamed('Cumulative v2.4 NR Results: N=2949') // 2949
 */
export function workerNamed(label: string | null): number | null {
  if (!label) return null;
  const all = [...label.matchAll(/\bN\s*=\s*(\d+)\b/g)];
  return all.length ? Number(all[all.length - 1][1]) : null;
}

/** Days between two `YYYY-MM-DD` dates (absolute), or null when either is missing. */
export function daysApart(a: string | null, b: string | null): number | null {
  if (!a || !b) return null;
  return Math.abs(Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / 86_400_000;
}
