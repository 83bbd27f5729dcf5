import type { Db } from '../../store/db.ts';
import type { CrashLogStatement } from '../newCrashChecks.ts';

/**
 * Every report line that states a crash-log count (`crash_logs_new`,
 * `crash_logs_before`, `crash_logs_after`), one statement per line, with its
 * report's stated time and worker N and the first path its bytes were seen
 * at. A line read twice keeps the largest claim (most new, lowest before,
 * highest after). In source and line order.
 */
export async function loadCrashLogs(db: Db): Promise<CrashLogStatement[]> {
  return db.all<CrashLogStatement>(
    `SELECT m.source_id, m.line,
            (SELECT min(p.path) FROM source_paths p WHERE p.source_id = m.source_id) AS source_path,
            any_value(r.worker_n) AS worker_n, any_value(r.reported_at) AS reported_at,
            CAST(round(max(m.value) FILTER (WHERE m.metric = 'crash_logs_new')) AS INTEGER) AS crash_logs_new,
            CAST(round(min(m.value) FILTER (WHERE m.metric = 'crash_logs_before')) AS INTEGER) AS crash_logs_before,
            CAST(round(max(m.value) FILTER (WHERE m.metric = 'crash_logs_after')) AS INTEGER) AS crash_logs_after
     FROM metrics m LEFT JOIN reports r ON r.source_id = m.source_id
     WHERE m.metric IN ('crash_logs_new', 'crash_logs_before', 'crash_logs_after')
     GROUP BY m.source_id, m.line
     ORDER BY m.source_id, m.line`,
  );
}
