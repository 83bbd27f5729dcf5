/**
 * The probe step of a run: every configuration still to run is fingerprinted
 * once (`probe.ts`) before its first round, and the details go in a `probe`
 * event.
 */
import type { ProbeEvent } from '../store/roundLog.ts';
import { childEnv, definingEnv } from './childEnv.ts';
import type { RunLog } from './openRunLog.ts';
import { probeConfig } from './probe.ts';
import type { RunContext } from './runContext.ts';
import type { RunStart } from './startOrResume.ts';

/**
 * Probes each configuration of the plan that the stop rule has not stopped,
 * in plan order, with its processes' environment; writes a `probe` event for
 * each and returns its fingerprint by configuration name.
 */
export async function probeConfigs(
  ctx: RunContext,
  start: RunStart,
  runLog: RunLog,
): Promise<Map<string, string>> {
  const { campaign, spawner } = ctx;
  const fingerprints = new Map<string, string>();
  for (const [config, tally] of start.tallies) {
    if (tally.stopped) continue;
    const probe = await probeConfig(
      spawner,
      campaign.probe,
      childEnv(campaign, config, runLog.run),
      definingEnv(campaign, config),
      campaign.cwdAbs,
    );
    fingerprints.set(config, probe.fingerprint);
    runLog.log.write<ProbeEvent>({ type: 'probe', config, ...probe });
  }
  return fingerprints;
}
