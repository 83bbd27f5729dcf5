/**
 * The name a crash report had when macOS wrote it: the file's base name
 * without the `YYYYMMDD_HHMMSS_` capture-time prefix the team's collector adds
 * when it copies reports (`20251223_104641_Python-2025-12-23-104640.ips` →
 * `Python-2025-12-23-104640.ips`). Null for an empty path.
 */
export function originalName(path: string): string | null {
  const base = path.split(/[\\/]/).pop() ?? '';
  const name = base.replace(/^\d{8}_\d{6}_/, '');
  return name || null;
}

/** Parts of an original report name `[gpuEvent-]PROC-YYYY-MM-DD-HHMMSS.ips`. */
export interface ReportNameParts {
  process: string;
  /** Local wall-clock time of the crash, `YYYY-MM-DDTHH:MM:SS` without a zone. */
  localTime: string;
  gpuEvent: boolean;
}

/** Splits an original report name into process and local crash time; null when it has another shape. */
export function reportNameParts(name: string): ReportNameParts | null {
  const m = /^(gpuEvent-)?(.+)-(\d{4}-\d{2}-\d{2})-(\d{2})(\d{2})(\d{2})(?:_\d+)?\.(?:ips|crash)$/.exec(name);
  if (!m) return null;
  return { process: m[2], localTime: `${m[3]}T${m[4]}:${m[5]}:${m[6]}`, gpuEvent: Boolean(m[1]) };
}

/** Local time `YYYY-MM-DDTHH:MM:SS` of a `YYYYMMDD_HHMMSS_` capture prefix, or null. */
export function capturePrefixTime(path: string): string | null {
  const base = path.split(/[\\/]/).pop() ?? '';
  const m = /^(\d{4})(\d{2})(\d{2})_(\d{2})(\d{2})(\d{2})_/.exec(base);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}` : null;
}
