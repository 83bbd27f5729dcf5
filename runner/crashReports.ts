/**
 * Crash-report capture, as the team's wrapper does it: before an attempt,
 * note the reports already in the watched folders; after it exits, wait the
 * settle time, then take the reports that are new (or rewritten), match a name
 * pattern and mention the content filter, and copy them into the campaign's
 * log folder. A report that lands after the settle window belongs to no
 * attempt (or to the next one, whose snapshot does not hold it).
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import type { CapturedReport, RoundRef } from '../store/roundLog.ts';
import type { CrashReportSpec } from './campaignSchema.ts';

/** Files seen in the watched folders: path → mtime (ms). */
export type ReportSnapshot = Map<string, number>;

/** The folders watched by default: macOS's diagnostic-report folders, none elsewhere. */
export function defaultCrashFolders(platform = process.platform): string[] {
  return platform === 'darwin'
    ? [join(homedir(), 'Library/Logs/DiagnosticReports'), '/Library/Logs/DiagnosticReports']
    : [];
}

/** Folders of a spec with `~` expanded (defaults when the spec names none). */
export function watchedFolders(spec: CrashReportSpec): string[] {
  return (spec.folders ?? defaultCrashFolders()).map((f) =>
    f.startsWith('~/') ? join(homedir(), f.slice(2)) : f,
  );
}

/** `*` and `?` glob on a file name → RegExp (case-sensitive, like the wrapper's `find -name`). */
export function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/** Lists the matching reports currently in the watched folders. */
export function snapshotReports(spec: CrashReportSpec): ReportSnapshot {
  const patterns = spec.patterns.map(globToRegExp);
  const out: ReportSnapshot = new Map();
  for (const folder of watchedFolders(spec)) {
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch {
      continue;
    }
    for (const name of names) {
      if (!patterns.some((p) => p.test(name))) continue;
      const path = join(folder, name);
      try {
        const st = statSync(path);
        if (st.isFile()) out.set(path, st.mtimeMs);
      } catch {
        // vanished meanwhile
      }
    }
  }
  return out;
}

/** Reports present now that were not in `before` (or were rewritten), whose content matches the filter. */
export function newReports(spec: CrashReportSpec, before: ReportSnapshot): string[] {
  const paths = [...snapshotReports(spec)].filter(([path, mtime]) => before.get(path) !== mtime);
  return matchingContent(
    spec,
    paths.map(([path]) => path),
  );
}

/**
 * How far before the runner's clock a file's time may be: the kernel stamps
 * files with a coarse clock, a tick (1–10 ms) behind, so a report written
 * just after an attempt started can look older than the attempt (measured
 * here: 1 write in 2,000, by up to 3 ms). Ten ticks, not more: a wider window
 * would take reports older than the attempt.
 */
export const FILE_CLOCK_SLACK_MS = 100;

/**
 * Reports last written between `fromMs` (less `FILE_CLOCK_SLACK_MS`) and
 * `toMs`, whose content matches the filter: the reports of an attempt whose
 * settle wait a killed runner never finished (the resumed run has no snapshot
 * from before it).
 */
export function reportsWrittenBetween(spec: CrashReportSpec, fromMs: number, toMs: number): string[] {
  const from = fromMs - FILE_CLOCK_SLACK_MS;
  const paths = [...snapshotReports(spec)].filter(([, mtime]) => mtime >= from && mtime <= toMs);
  return matchingContent(
    spec,
    paths.map(([path]) => path),
  );
}

/** The paths whose content matches the spec's filter, sorted. */
function matchingContent(spec: CrashReportSpec, paths: readonly string[]): string[] {
  const filter = new RegExp(spec.content);
  const out: string[] = [];
  for (const path of paths) {
    try {
      if (filter.test(readFileSync(path, 'utf8'))) out.push(path);
    } catch {
      // unreadable (permissions): skipped
    }
  }
  return out.sort();
}

/**
 * The name prefix of an attempt's copied reports: configuration, round, try,
 * attempt and start time (ms), unique to the attempt.
 *
 * @example copyTag({ config: 'a', round: 1, try: 1 }, 2, 1700000000000) // 'a-r1.1-a2-1700000000000'
 */
export function copyTag(
  ref: Pick<RoundRef, 'config' | 'round' | 'try'>,
  attempt: number,
  startedMs: number,
): string {
  return `${ref.config}-r${ref.round}.${ref.try}-a${attempt}-${startedMs}`;
}

/**
 * Copies captured reports into `<logDir>/crash_reports/` with the attempt's
 * tag in front of the original name; returns what the attempt records.
 */
export function copyReports(paths: readonly string[], logDir: string, tag: string): CapturedReport[] {
  if (paths.length === 0) return [];
  const dir = join(logDir, 'crash_reports');
  mkdirSync(dir, { recursive: true });
  return paths.map((original) => {
    const bytes = readFileSync(original);
    const name = `${tag}-${basename(original)}`;
    copyFileSync(original, join(dir, name));
    return {
      file: `crash_reports/${name}`,
      original,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    };
  });
}
