/**
 * Opening a run's log: a new file `<host>-<start>.jsonl` in the campaign
 * folder (`-2`, `-3`, … when the name is taken; a resumed run writes a new
 * file too), whose first event is the plan.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PlanEvent } from '../store/roundLog.ts';
import { LogWriter } from './logFile.ts';
import type { RunContext } from './runContext.ts';
import type { RunStart } from './startOrResume.ts';

/** The open log of a run and the run's id (the resumed run's, else the new file's name without `.jsonl`). */
export interface RunLog {
  log: LogWriter;
  run: string;
}

/**
 * Creates the run's log file and writes the `plan` event: order, seed, shard,
 * this host's planned rounds, the log files it resumes, the campaign file and
 * its sha256, each configuration's labels, env and args, and the attempts per
 * round.
 */
export function openRunLog(ctx: RunContext, start: RunStart, fleet?: PlanEvent['fleet']): RunLog {
  const { campaign, dir, host, now } = ctx;
  const startedAt = now();
  let fileName = `${host}-${stamp(startedAt)}.jsonl`;
  for (let i = 2; existsSync(join(dir, fileName)); i++) fileName = `${host}-${stamp(startedAt)}-${i}.jsonl`;
  const run = start.resumed?.plan.run ?? fileName.replace(/\.jsonl$/, '');
  const log = new LogWriter(join(dir, fileName), { campaign: campaign.name, run, host }, now);
  try {
    const configs = Object.fromEntries(
      Object.entries(campaign.configs).map(([n, c]) => [n, { labels: c.labels, env: c.env, args: c.args }]),
    );
    log.write<PlanEvent>({
      type: 'plan',
      order: start.order,
      seed: start.seed,
      shard: start.shard,
      plan: start.plan,
      resumes: start.resumed?.files ?? [],
      campaign_file: campaign.file,
      campaign_sha256: fileSha(campaign.file),
      configs,
      retry_attempts: campaign.retry.attempts,
      ...(fleet ? { fleet } : {}),
    });
  } catch (err) {
    log.close();
    throw err;
  }
  return { log, run };
}

/**
 * A time stamp for file names: the ISO time without `-`, `:` and `.`.
 *
 * @example stamp(new Date('2025-01-01T10:11:12.345Z')) // '20250101T101112345Z'
 */
export function stamp(d: Date): string {
  return d.toISOString().replace(/[-:.]/g, '');
}

/** sha256 of a file's bytes, or `''` when it cannot be read. */
function fileSha(path: string): string {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    return '';
  }
}
