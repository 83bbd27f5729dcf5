/**
 * `roundbook run CAMPAIGN.yaml`: runs a campaign's rounds (runner/), writing
 * round logs under `--logs` (default data/rounds). Ctrl-C stops after
 * recording what finished; `--resume` continues the latest run on this host.
 */
import { writeRunReport } from '../../reports/session/index.ts';
import { CampaignError, loadCampaign } from '../../runner/campaign.ts';
import { type FleetOptions, resolveFleetUrl } from '../../runner/fleet/index.ts';
import { parseShard } from '../../runner/plan.ts';
import { autoProgress } from '../../runner/progress.ts';
import { runCampaign } from '../../runner/runCampaign.ts';
import { runSummaryLines } from '../../runner/runSummaryTable.ts';
import { CliError } from '../args.ts';
import { type Command, JSON_OPTION } from '../command.ts';
import { onInterrupt } from '../interrupt.ts';
import { terminalJson, terminalText } from '../terminalText.ts';

export const runCommand: Command = {
  name: 'run',
  summary: 'Run a campaign of rounds (retries, timeouts, crash capture) into round logs',
  usage:
    'roundbook run CAMPAIGN.yaml [--resume] [--dry-run] [--shard I/N | --fleet postgres://…|@FILE|env[:NAME]] [--logs DIR]',
  options: {
    resume: {
      type: 'boolean',
      default: false,
      description: "continue this host's latest run of the campaign",
    },
    'dry-run': { type: 'boolean', default: false, description: 'print the planned order and exit' },
    shard: { type: 'string', description: 'run the I-th of N slices of the plan (one per host)' },
    logs: { type: 'string', default: 'data/rounds', description: 'root folder of the round logs' },
    host: { type: 'string', description: 'host name recorded in the logs (default: this machine)' },
    fleet: {
      type: 'string',
      description:
        'join a fleet of hosts coordinated through PostgreSQL: a postgres:// URL, @FILE holding one, or env[:NAME] (default ROUNDBOOK_FLEET_URL)',
    },
    lease: {
      type: 'string',
      description: "with --fleet: seconds a claimed round stays this host's without a heartbeat (default 30)",
    },
    ...JSON_OPTION,
  },
  details:
    'Logs: LOGS/<campaign>/<host>-<start>.jsonl, one JSON event per line; an attempt is flushed the moment its process exits.\n' +
    'Report: LOGS/<campaign>/<host>-<start>.report.md beside the log, the session report of the run (roundbook report --session),\n' +
    'with verdicts and cumulative statistics over every run of the campaign in that folder; ingesting it adds no rounds.\nExit status: 0 when the run completed; when interrupted (resume with --resume), 128 + the signal:\n130 for Ctrl-C (SIGINT), 143 for SIGTERM; 1 when an attempt could not start (the run stops there; resume once mended).',
  async run(positionals, values) {
    if (positionals.length !== 1)
      throw new CliError('give one campaign file, e.g. roundbook run data/campaigns/demo.yaml');
    let campaign: ReturnType<typeof loadCampaign>;
    try {
      campaign = loadCampaign(positionals[0]);
    } catch (err) {
      if (err instanceof CampaignError) throw new CliError(err.message, 2);
      throw err;
    }
    let shard: ReturnType<typeof parseShard> | undefined;
    if (typeof values.shard === 'string') {
      try {
        shard = parseShard(values.shard);
      } catch (err) {
        throw new CliError(`--shard: ${(err as Error).message}`);
      }
    }
    let fleet: FleetOptions | undefined;
    if (typeof values.fleet === 'string') {
      if (shard)
        throw new CliError('--shard and --fleet: the fleet hands out rounds itself; give one of them');
      if (values.resume)
        throw new CliError('--resume and --fleet: run the same command again, the fleet knows what is left');
      try {
        fleet = { url: resolveFleetUrl(values.fleet) };
      } catch (err) {
        throw new CliError((err as Error).message);
      }
      if (typeof values.lease === 'string') {
        const lease = Number(values.lease.replace(/s$/, ''));
        if (!(lease >= 1 && lease <= 3600))
          throw new CliError('--lease: give seconds between 1 and 3600, e.g. 30');
        fleet.lease_s = lease;
      }
    } else if (typeof values.lease === 'string') throw new CliError('--lease applies only with --fleet');
    const dryRun = Boolean(values['dry-run']);
    const interrupt = dryRun
      ? null
      : onInterrupt(
          'stopping: the attempt in flight is killed; finished attempts are recorded (Ctrl-C again to quit now)',
        );
    try {
      const summary = await runCampaign(campaign, {
        logsRoot: String(values.logs),
        resume: Boolean(values.resume),
        dryRun,
        shard,
        fleet,
        host: typeof values.host === 'string' ? values.host : undefined,
        signal: interrupt?.signal,
        progress: dryRun || values.json ? undefined : autoProgress(),
      });
      if (values.json) process.stdout.write(`${terminalJson(summary)}\n`);
      else if (dryRun) {
        process.stdout.write(
          `campaign ${terminalText(summary.campaign)}: ${summary.plan.length} rounds, order ${summary.order}${summary.order === 'randomized' ? ` (seed ${summary.seed})` : ''}, shard ${summary.shard.index}/${summary.shard.count}\n`,
        );
        process.stdout.write(
          summary.plan
            .map((p, i) => `${String(i + 1).padStart(5)}  ${terminalText(p.config)}  round ${p.round}\n`)
            .join(''),
        );
      } else if (!summary.error) {
        const table = summary.logFile ? runSummaryLines(summary.logFile) : [];
        if (table.length) process.stdout.write(`${table.map(terminalText).join('\n')}\n\n`);
        process.stdout.write(`${terminalText(summary.reason)}\n`);
        if (summary.logFile) process.stdout.write(`log: ${terminalText(summary.logFile)}\n`);
      }
      if (!dryRun && summary.logFile && summary.roundsRun + summary.attemptsRun > 0) {
        try {
          const report = await writeRunReport(summary.logFile, summary.campaign, summary.run);
          if (!values.json) process.stdout.write(`report: ${terminalText(report)}\n`);
        } catch (err) {
          // The log is the record; the report is a view of it, and `roundbook report --session` rebuilds it.
          process.stderr.write(
            `warning: no session report written: ${terminalText((err as Error).message)}\n`,
          );
        }
      }
      // An attempt that could not start stops the run, loudly: never the workload's failure (hyperfine's rule).
      if (summary.error)
        throw new CliError(
          `run stopped: ${terminalText(summary.error)}\nan infrastructure failure, not the workload's: nothing of it is counted. Mend it, then continue with --resume.${summary.logFile ? `\nlog: ${terminalText(summary.logFile)}` : ''}`,
          1,
        );
      return summary.complete || dryRun ? 0 : (interrupt?.status() ?? 130);
    } finally {
      interrupt?.dispose();
    }
  },
};
