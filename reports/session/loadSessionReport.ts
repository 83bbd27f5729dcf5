/**
 * The queries of a session report, all in one module: the session's rounds
 * (the `rounds` view with each round's report), the verdicts and comparisons
 * on its configurations (derived tables, written by `roundbook analyze`;
 * empty before it), the crash reports linked to its rounds, and every round
 * of its configurations so far.
 */
import type { Db, SqlParam } from '../../store/db.ts';
import type {
  CumulativeConfig,
  SessionBatch,
  SessionComparison,
  SessionCrash,
  SessionReportData,
  SessionRound,
  SessionSelector,
  SessionVerdict,
} from './sessionTypes.ts';

/** The WHERE clause (over `r` the rounds view and `rep` its report) and its parameters. */
function where(s: SessionSelector): { sql: string; params: SqlParam[] } {
  if (s.kind === 'rounds') return { sql: 'r.round_no BETWEEN ? AND ?', params: [s.first, s.last] };
  if (s.kind === 'worker') return { sql: 'rep.worker_n = ?', params: [s.worker] };
  return s.run
    ? {
        sql: 'r.campaign = ? AND starts_with(r.round_uid, ?)',
        params: [s.campaign, `${s.campaign}/${s.run}/`],
      }
    : { sql: 'r.campaign = ?', params: [s.campaign] };
}

/** A label for the selector, as `--session` takes it. */
function label(s: SessionSelector): string {
  if (s.kind === 'rounds') return `${s.first}-${s.last}`;
  if (s.kind === 'worker') return `N=${s.worker}`;
  return s.run ? `${s.campaign}/${s.run}` : s.campaign;
}

/**
 * Everything {@link renderSessionReport} needs for the session `selector`,
 * read from `db` (raw tables and views; derived tables when present).
 *
 * @example renderSessionReport(await loadSessionReport(db, parseSessionSelector('N=2941')))
 */
export async function loadSessionReport(db: Db, selector: SessionSelector): Promise<SessionReportData> {
  const w = where(selector);
  const sessionSql = `
    SELECT r.round_uid, r.origin, r.config, r.round_no, r.status, r.attempts, r.crashed_attempts, r.wrapper,
           r.efficiency_pct, coalesce(CAST(r.started_at AS VARCHAR), CAST(rep.report_date AS VARCHAR)) AS date,
           r.host, r.campaign, rep.worker_n, r.source_id, r.line
    FROM rounds r LEFT JOIN reports rep ON rep.source_id = r.source_id
    WHERE ${w.sql}`;
  const rounds = await db.all<SessionRound & { source_id?: string; line?: number }>(
    `${sessionSql} ORDER BY r.round_no NULLS LAST, r.started_at NULLS LAST, r.config, r.source_id, r.line`,
    w.params,
  );
  for (const r of rounds) {
    delete r.source_id;
    delete r.line;
  }
  const batches =
    selector.kind === 'campaign'
      ? []
      : await db.all<SessionBatch>(
          `SELECT b.label, b.config, b.rounds, b.passed, b.efficiency_avg, b.round_first, b.round_last, b.line
           FROM batches b LEFT JOIN reports rep ON rep.source_id = b.source_id
           WHERE b.kind = 'primary' AND ${
             selector.kind === 'worker' ? 'rep.worker_n = ?' : 'b.round_first <= ? AND b.round_last >= ?'
           }
             -- a batch summing up rounds its report lists is not stated without them
             AND NOT EXISTS (
               SELECT 1 FROM rounds r WHERE r.source_id = b.source_id AND r.config = b.config
                 AND (b.round_first IS NULL OR r.round_no BETWEEN b.round_first AND b.round_last))
           ORDER BY rep.report_date NULLS LAST, b.source_id, b.line`,
          selector.kind === 'worker' ? [selector.worker] : [selector.last, selector.first],
        );
  const configs = [...new Set([...rounds.map((r) => r.config), ...batches.map((b) => b.config)])];
  const inConfigs = configs.map(() => '?').join(', ') || 'NULL';
  const verdicts = (await db.tableExists('verdicts'))
    ? await db.all<SessionVerdict>(
        `SELECT config, answer, headline, procedure, rounds, crashed_rounds, rounds_needed, fixed_n_answer, sentence
         FROM verdicts WHERE config IN (${inConfigs}) ORDER BY config`,
        configs,
      )
    : [];
  const comparisons = (await db.tableExists('comparisons'))
    ? await db.all<SessionComparison>(
        `SELECT a_config, b_config, unit, a_passed, a_total, b_passed, b_total,
                a_attempts, a_failed_attempts, b_attempts, b_failed_attempts, fisher_two_sided, holm_p
         FROM comparisons WHERE a_config IN (${inConfigs}) AND b_config IN (${inConfigs}) ORDER BY a_config, b_config, unit`,
        [...configs, ...configs],
      )
    : [];
  const crashes = await db.all<SessionCrash>(
    `WITH s AS (${sessionSql}),
     links AS (
       SELECT round_uid, attempt_no, crash_uid FROM attempts WHERE crash_uid IS NOT NULL
       UNION
       SELECT round_uid, NULL, crash_uid FROM crashes
       WHERE round_uid IS NOT NULL AND crash_uid NOT IN (SELECT crash_uid FROM attempts WHERE crash_uid IS NOT NULL))
     SELECT s.round_uid, s.round_no, s.config, l.attempt_no, CAST(c.captured_at AS VARCHAR) AS captured_at,
            c.signature, c.exception_type, c.signal
     FROM links l JOIN s ON s.round_uid = l.round_uid JOIN crashes c ON c.crash_uid = l.crash_uid
     ORDER BY c.captured_at NULLS LAST, s.round_no, l.attempt_no, c.crash_uid`,
    w.params,
  );
  const cumulative = await db.all<CumulativeConfig>(
    `SELECT config, count(*)::INTEGER AS rounds, count(*) FILTER (WHERE status = 'pass')::INTEGER AS passed,
            CASE WHEN count(attempts) = count(*) THEN sum(attempts)::INTEGER END AS attempts,
            CASE WHEN count(crashed_attempts) = count(*) THEN sum(crashed_attempts)::INTEGER END AS crashed_attempts,
            count(DISTINCT source_id)::INTEGER AS sources
     FROM rounds WHERE config IN (${inConfigs}) GROUP BY config ORDER BY config`,
    configs,
  );
  return { selector: label(selector), rounds, batches, verdicts, comparisons, crashes, cumulative };
}
