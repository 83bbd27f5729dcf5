/**
 * A fleet's round logs as files: every line the hosts sent to the fleet
 * database (runner/fleet/), written back as `<dir>/<campaign>/<run>.jsonl`,
 * byte for byte what each host wrote, so that ingesting them gives what
 * ingesting the hosts' own logs gives (the same sources, by the same hashes).
 * A file whose bytes would not change is left alone (re-ingesting changes
 * nothing). The connection string is used, never written.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FleetStore } from '../runner/fleet/index.ts';

/** What exporting a fleet wrote: the folder, and each log file with its line count. */
export interface FleetLogExport {
  dir: string;
  files: { path: string; lines: number; changed: boolean }[];
}

/**
 * Writes every host's log of every campaign in the fleet database at `url`
 * (or only the campaign whose hash is `campaignHash`) under `dir`.
 *
 * @example await exportFleetLogs('postgres://127.0.0.1/fleet', 'data/fleet') // { dir, files: [...] }
 */
export async function exportFleetLogs(
  url: string,
  dir: string,
  campaignHash: string | null = null,
): Promise<FleetLogExport> {
  const store = await FleetStore.open(url);
  let rows: Awaited<ReturnType<FleetStore['logLines']>>;
  try {
    rows = await store.logLines(campaignHash);
  } finally {
    await store.close();
  }
  const byFile = new Map<string, string[]>();
  for (const r of rows) {
    const path = join(dir, safeName(r.campaign), `${safeName(r.run)}.jsonl`);
    const lines = byFile.get(path) ?? [];
    lines.push(r.line);
    byFile.set(path, lines);
  }
  const files: FleetLogExport['files'] = [];
  for (const [path, lines] of byFile) {
    const text = `${lines.join('\n')}\n`;
    let old: string | null = null;
    try {
      old = readFileSync(path, 'utf8');
    } catch {}
    const changed = old !== text;
    if (changed) {
      mkdirSync(join(path, '..'), { recursive: true });
      writeFileSync(`${path}.part`, text);
      renameSync(`${path}.part`, path);
    }
    files.push({ path, lines: lines.length, changed });
  }
  return { dir, files };
}

/** A name from the database made safe as one path component. */
function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_') || '_';
}
