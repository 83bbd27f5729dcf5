/**
 * `roundbook run CAMPAIGN.yaml`: runs a campaign's rounds (runner/), writing
 * round logs under `--logs` (default data/rounds). Ctrl-C stops after
 * recording what finished; `--resume` continues the latest run on this host.
 */
import { CampaignError, loadCampaign } from '../../runner/campaign.ts';
import { parseShard } from '../../runner/plan.ts';
import { autoProgress } from '../../runner/progress.ts';
import { runCampaign } from '../../runner/runCampaign.ts';
import { CliError } from '../args.ts';
import { type Command, JSON_OPTION } from '../command.ts';

export const runCommand: Command = {
  name: 'run',
  summary: 'Run a campaign of rounds (retries, timeouts, crash capture) into round logs',
  usage: 'roundbook run CAMPAIGN.yaml [--resume] [--dry-run] [--shard I/N] [--logs DIR]',
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
    ...JSON_OPTION,
  },
  details:
    'Logs: LOGS/<campaign>/<host>-<start>.jsonl, one JSON event per line; an attempt is flushed the moment its process exits.\nExit status: 0 when the run completed, 130 when interrupted (resume with --resume), 1 when an attempt could not start (the run stops there; resume once mended).',
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
    const dryRun = Boolean(values['dry-run']);
    const controller = new AbortController();
    let interrupts = 0;
    const onSignal = () => {
      interrupts++;
      if (interrupts === 1) {
        process.stderr.write(
          '\nstopping: the attempt in flight is killed; finished attempts are recorded (Ctrl-C again to quit now)\n',
        );
        controller.abort();
      } else process.exit(130);
    };
    if (!dryRun) {
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
    }
    try {
      const summary = await runCampaign(campaign, {
        logsRoot: String(values.logs),
        resume: Boolean(values.resume),
        dryRun,
        shard,
        host: typeof values.host === 'string' ? values.host : undefined,
        signal: controller.signal,
        progress: dryRun || values.json ? undefined : autoProgress(),
      });
      if (values.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      else if (dryRun) {
        process.stdout.write(
          `campaign ${summary.campaign}: ${summary.plan.length} rounds, order ${summary.order}${summary.order === 'randomized' ? ` (seed ${summary.seed})` : ''}, shard ${summary.shard.index}/${summary.shard.count}\n`,
        );
        process.stdout.write(
          summary.plan
            .map((p, i) => `${String(i + 1).padStart(5)}  ${p.config}  round ${p.round}\n`)
            .join(''),
        );
      } else if (!summary.error) {
        process.stdout.write(`${summary.reason}\n`);
        if (summary.logFile) process.stdout.write(`log: ${summary.logFile}\n`);
      }
      // An attempt that could not start stops the run, loudly: never the workload's failure (hyperfine's rule).
      if (summary.error)
        throw new CliError(
          `run stopped: ${summary.error}\nan infrastructure failure, not the workload's: nothing of it is counted. Mend it, then continue with --resume.${summary.logFile ? `\nlog: ${summary.logFile}` : ''}`,
          1,
        );
      return summary.complete || dryRun ? 0 : 130;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  },
};
