/**
 * `roundbook fleet status URL [CAMPAIGN]`: the state of a fleet campaign in
 * its PostgreSQL database (runner/fleet/): the hosts and their heartbeats,
 * the rounds done, leased, queued and cancelled per configuration, the
 * decisions of the stop rule, the leases held, and how many were taken over.
 * CAMPAIGN is the campaign file (its content names it), its name (the newest
 * registration of that name) or a prefix of its hash; without it, the
 * campaigns the database holds are listed.
 */
import { existsSync } from 'node:fs';
import { loadCampaign } from '../../runner/campaign.ts';
import { FleetStore, isPostgresUrl, redactUrl, resolveFleetUrl } from '../../runner/fleet/index.ts';
import { campaignHash } from '../../runner/plan.ts';
import { CliError } from '../args.ts';
import { type Command, JSON_OPTION } from '../command.ts';
import { formatTable } from '../format.ts';
import { terminalJson, terminalText } from '../terminalText.ts';

export const fleetCommand: Command = {
  name: 'fleet',
  summary:
    'The state of a fleet campaign run through PostgreSQL (run --fleet): hosts, leases, rounds, decisions',
  usage: 'roundbook fleet status (postgres://… | @FILE | env[:NAME]) [CAMPAIGN] [--json]',
  options: { ...JSON_OPTION },
  details:
    'CAMPAIGN: the campaign file, its name, or a prefix of its hash; without it, the campaigns held are listed.\n' +
    'The connection string may come from a file (@FILE) or the environment (env: ROUNDBOOK_FLEET_URL, env:NAME).',
  async run(positionals, values) {
    const [sub, spec, which] = positionals;
    if (sub !== 'status' || !spec || positionals.length > 3)
      throw new CliError('usage: roundbook fleet status postgres://… [CAMPAIGN]');
    let url: string;
    try {
      url = isPostgresUrl(spec) ? spec : resolveFleetUrl(spec);
    } catch (err) {
      throw new CliError((err as Error).message);
    }
    const store = await FleetStore.open(url);
    try {
      let campaigns: Awaited<ReturnType<FleetStore['campaigns']>>;
      try {
        campaigns = await store.campaigns();
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code === '42P01' || code === '3F000') campaigns = [];
        else
          throw new CliError(
            `cannot read the fleet database ${redactUrl(url)}: ${(err as Error).message}`,
            1,
          );
      }
      if (!which) {
        if (values.json) process.stdout.write(`${terminalJson(campaigns)}\n`);
        else
          process.stdout.write(
            campaigns.length
              ? `${formatTable(campaigns.map((c) => ({ campaign: c.name, hash: c.hash.slice(0, 12), registered: c.registered_at })))}\n`
              : 'no fleet campaign in this database yet (roundbook run CAMPAIGN --fleet URL registers one)\n',
          );
        return 0;
      }
      const hash = existsSync(which)
        ? campaignHash({ ...loadCampaign(which) })
        : (campaigns.find((c) => c.name === which) ?? campaigns.find((c) => c.hash.startsWith(which)))?.hash;
      const status = hash ? await store.status(hash) : null;
      if (!status?.campaign)
        throw new CliError(
          `no fleet campaign ${JSON.stringify(which)} in this database; it holds: ${campaigns.map((c) => c.name).join(', ') || 'none'}`,
        );
      if (values.json) {
        process.stdout.write(`${terminalJson(status)}\n`);
        return 0;
      }
      const c = status.campaign;
      const done = status.configs.reduce((s, x) => s + x.done, 0);
      const out = [
        `campaign ${terminalText(c.name)} (${c.hash.slice(0, 12)}): ${done} of ${c.planned} planned rounds done, ${status.hosts.filter((h) => !h.ended_at).length} of ${status.hosts.length} hosts running, ${status.interruptions} round(s) taken over from a host whose lease ran out`,
        '',
        formatTable(
          status.configs.map((x) => ({
            config: x.config,
            done: x.done,
            leased: x.leased,
            queued: x.queued,
            cancelled: x.cancelled,
            'failed attempts': `${x.failures}/${x.attempts}`,
            decision: x.reason ?? 'undecided',
          })),
          undefined,
          { width: process.stdout.columns ?? 120 },
        ),
        '',
        formatTable(
          status.hosts.map((h) => ({
            host: h.host,
            run: h.run,
            heartbeat: h.heartbeat_at,
            ended: h.ended_at ?? 'running',
            reason: h.reason ?? '',
          })),
          undefined,
          { width: process.stdout.columns ?? 120 },
        ),
      ];
      if (status.leases.length)
        out.push(
          '',
          formatTable(
            status.leases.map((l) => ({
              config: l.config,
              round: l.round,
              host: l.host,
              'lease until': l.lease_until,
              expired: l.expired ? 'yes' : 'no',
            })),
          ),
        );
      process.stdout.write(`${out.join('\n')}\n`);
      return 0;
    } finally {
      await store.close();
    }
  },
};
