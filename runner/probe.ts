/**
 * Fingerprinting a configuration's environment once per run: the output of
 * the campaign's `probe` command (Python and torch versions, OS build, chip…)
 * and the sha256 of every file an environment variable names (the dylib in
 * `DYLD_INSERT_LIBRARIES`). The fingerprint is a short hash of both, recorded
 * with every attempt; the full details go in a `probe` event.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Spawner } from './spawn/index.ts';

export interface ProbeResult {
  fingerprint: string;
  output: string | null;
  files: { env: string; path: string; sha256: string | null }[];
}

/** Files named by environment values (colon-separated lists too) that exist, with their sha256. */
export function envFiles(env: Readonly<Record<string, string>>, cwd: string): ProbeResult['files'] {
  const out: ProbeResult['files'] = [];
  for (const [name, value] of Object.entries(env)) {
    for (const part of value.split(':')) {
      if (!/[/.]/.test(part) || !/\.(dylib|so(\.\d+)*|bundle)$|\//.test(part)) continue;
      const path = resolve(cwd, part);
      try {
        if (!statSync(path).isFile()) continue;
      } catch {
        if (/\.(dylib|so)$/.test(part)) out.push({ env: name, path, sha256: null });
        continue;
      }
      out.push({ env: name, path, sha256: createHash('sha256').update(readFileSync(path)).digest('hex') });
    }
  }
  return out;
}

/**
 * Runs the probe (when given) with the configuration's environment and hashes
 * the files its environment names. A probe that fails still fingerprints (its
 * output says why).
 */
export async function probeConfig(
  spawner: Spawner,
  probe: { command: string[]; timeout: number } | undefined,
  env: Readonly<Record<string, string>>,
  configEnv: Readonly<Record<string, string>>,
  cwd: string,
): Promise<ProbeResult> {
  let output: string | null = null;
  if (probe) {
    const r = await spawner.run({
      argv: probe.command,
      shell: false,
      cwd,
      env,
      timeoutMs: probe.timeout * 1000,
    });
    output = r.error ? `probe ${r.error}` : `${r.stdout}${r.stderr}`.trim();
    if (r.exitCode !== 0 && !r.error) output = `${output}\n(probe exit ${r.exitCode ?? r.signal})`.trim();
  }
  const files = envFiles(configEnv, cwd);
  const fingerprint = createHash('sha256')
    .update(JSON.stringify({ output, files: files.map((f) => [f.env, f.sha256]) }))
    .digest('hex')
    .slice(0, 16);
  return { fingerprint, output, files };
}
