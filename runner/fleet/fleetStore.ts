/**
 * The fleet's coordination in PostgreSQL (tables in fleetSchema.ts): register
 * a campaign's plan once, claim the next planned round in plan order
 * (`FOR UPDATE SKIP LOCKED`: hosts never wait on each other's claims, and
 * never take the same slot), renew a lease, record a finished round with the
 * campaign-wide stop rule in the same transaction, and keep every host's log
 * lines. Every value reaches SQL as a bind parameter; nothing read from the
 * database is put into SQL text.
 *
 * Why plain SQL on `pg` rather than a queue library (pg-boss, graphile-worker):
 * the queue here is a fixed plan whose order matters, whose items are
 * cancelled by a decision taken over the results of the others, and whose
 * completion must be recorded in the same transaction as that decision. A job
 * queue would hold the jobs in its own tables, out of that transaction.
 */
import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { PlannedRound } from '../../store/roundLog.ts';
import { stopDecision } from '../applyStopRule.ts';
import type { Tally } from '../tally.ts';
import { FLEET_SCHEMA_LOCK, FLEET_SCHEMA_SQL } from './fleetSchema.ts';

/** The stop rule as the fleet applies it (the campaign's `stop`, always-valid or none). */
export interface FleetStopRule {
  rule: string;
  threshold?: number;
  confidence?: number;
  min_rounds?: number;
}

/** What registering needs: the campaign's identity, its plan and rule. */
export interface FleetCampaign {
  hash: string;
  name: string;
  order: string;
  seed: number;
  plan: readonly PlannedRound[];
  stop: FleetStopRule;
  lease_s: number;
}

/** A slot this host holds: which round, under which token, and whose lease it took over. */
export interface Claim {
  seq: number;
  config: string;
  round: number;
  /** How often the slot has been handed out, this time included: the round's `try`. */
  claims: number;
  token: string;
  /** The host whose lease ran out on this slot, when this claim took it over. */
  tookOverFrom: { host: string; run: string } | null;
}

/** What a claim found: a slot, nothing free while others still hold leases, or nothing left. */
export type ClaimResult = { kind: 'claimed'; claim: Claim } | { kind: 'wait' } | { kind: 'finished' };

/** What recording a round did. */
export interface RecordResult {
  /** `counted`: added to the campaign's tally; `again`: an earlier try of this call had recorded it; `lost-lease`: another host took the slot over, the round is kept in the log lines but not counted. */
  status: 'counted' | 'again' | 'lost-lease';
  /** The configuration's campaign-wide tally after this round. */
  tally: Pick<Tally, 'rounds' | 'passes' | 'attempts' | 'crashes' | 'failures'>;
  /** The decision this round led to (recorded by this call), or null. */
  decided: { decision: string; reason: string } | null;
  /** The configuration was decided (now or earlier): its other rounds are cancelled. */
  stopped: string | null;
}

/** One line of a host's round log, as written. */
export interface LogLine {
  seq: number;
  line: string;
}

/** A row of `roundbook fleet status`. */
export interface FleetStatus {
  campaign: { hash: string; name: string; planned: number; registered_at: string } | null;
  hosts: {
    host: string;
    run: string;
    started_at: string;
    heartbeat_at: string;
    ended_at: string | null;
    reason: string | null;
  }[];
  configs: {
    config: string;
    planned: number;
    done: number;
    leased: number;
    queued: number;
    cancelled: number;
    rounds: number;
    failures: number;
    attempts: number;
    decision: string | null;
    reason: string | null;
  }[];
  leases: { config: string; round: number; host: string; lease_until: string; expired: boolean }[];
  interruptions: number;
}

/** Connection-level failures (the server down, restarting, unreachable): retried, never fatal. */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  if (!e) return false;
  if (
    e.code &&
    /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH|57P0[123]|08\d\d\d)$/.test(e.code)
  )
    return true;
  return /Connection terminated|connection timeout|Client has encountered a connection error|terminating connection/i.test(
    e.message ?? '',
  );
}

/** The fleet database of one host: a small pool and the operations above. */
export class FleetStore {
  private constructor(private readonly pool: Pool) {}

  /** Opens a pool on `url` (nothing is connected until the first call). */
  static async open(url: string): Promise<FleetStore> {
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({
      connectionString: url,
      max: 3,
      connectionTimeoutMillis: 2000,
      idleTimeoutMillis: 10_000,
      application_name: 'roundbook',
    });
    // A connection the server drops (a restart, an outage) is an error event on the pool when idle and on
    // the client when checked out: both are heard here; the query in flight fails and is retried.
    pool.on('error', () => {});
    pool.on('connect', (client) => {
      client.on('error', () => {});
    });
    return new FleetStore(pool);
  }

  /** Closes the pool. */
  async close(): Promise<void> {
    await this.pool.end();
  }

  private async tx<T>(fn: (c: PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      const out = await fn(c);
      await c.query('COMMIT');
      return out;
    } catch (err) {
      await c.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      c.release();
    }
  }

  /** Creates the schema when missing. */
  async ensureSchema(): Promise<void> {
    await this.tx(async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1)', [FLEET_SCHEMA_LOCK]);
      const schema = await c.query(`SELECT 1 FROM pg_namespace WHERE nspname = 'roundbook'`);
      if (!schema.rowCount) await c.query('CREATE SCHEMA roundbook');
      await c.query(FLEET_SCHEMA_SQL);
    });
  }

  /**
   * Registers the campaign and its plan when no host has (idempotent: the
   * first host's plan stands; a later host of the same content computes the
   * same one). Returns whether this call registered it.
   */
  async register(campaign: FleetCampaign, host: string): Promise<boolean> {
    return this.tx(async (c) => {
      const r = await c.query(
        `INSERT INTO roundbook.campaigns (campaign_hash, name, order_kind, seed, stop_rule, planned, lease_s, registered_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (campaign_hash) DO NOTHING`,
        [
          campaign.hash,
          campaign.name,
          campaign.order,
          campaign.seed,
          JSON.stringify(campaign.stop),
          campaign.plan.length,
          campaign.lease_s,
          host,
        ],
      );
      if (r.rowCount === 0) return false;
      await c.query(
        `INSERT INTO roundbook.slots (campaign_hash, seq, config, round)
         SELECT $1, s.seq, s.config, s.round
         FROM unnest($2::int[], $3::text[], $4::int[]) AS s(seq, config, round)`,
        [
          campaign.hash,
          campaign.plan.map((_, i) => i + 1),
          campaign.plan.map((p) => p.config),
          campaign.plan.map((p) => p.round),
        ],
      );
      await c.query(`INSERT INTO roundbook.tallies (campaign_hash, config) SELECT $1, unnest($2::text[])`, [
        campaign.hash,
        [...new Set(campaign.plan.map((p) => p.config))],
      ]);
      return true;
    });
  }

  /** Records this host's run of the campaign (again after a reconnect: a no-op). */
  async hostStarted(hash: string, run: string, host: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO roundbook.hosts (campaign_hash, run, host) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [hash, run, host],
    );
  }

  /** Records how this host's run ended. */
  async hostEnded(hash: string, run: string, reason: string): Promise<void> {
    await this.pool.query(
      `UPDATE roundbook.hosts SET ended_at = now(), heartbeat_at = now(), reason = $3 WHERE campaign_hash = $1 AND run = $2`,
      [hash, run, reason],
    );
  }

  /**
   * Claims the first slot in plan order that is queued, or leased under a
   * lease that ran out (its holder is taken to be gone: the take-over is
   * recorded in `interruptions`), of a configuration not yet decided. Slots
   * other hosts are claiming at this instant are skipped, not waited for.
   * `lines` (this host's log lines so far) go in with it.
   */
  async claim(
    hash: string,
    host: string,
    run: string,
    lease_s: number,
    lines: LogLine[],
  ): Promise<ClaimResult> {
    return this.tx(async (c) => {
      await insertLines(c, hash, run, lines);
      return claimOn(c, hash, host, run, lease_s);
    });
  }

  /** Renews a lease (and the host's heartbeat); false when the slot is no longer this claim's. */
  async heartbeat(hash: string, run: string, claim: Claim | null, lease_s: number): Promise<boolean> {
    await this.pool.query(
      `UPDATE roundbook.hosts SET heartbeat_at = now() WHERE campaign_hash = $1 AND run = $2`,
      [hash, run],
    );
    if (!claim) return true;
    const r = await this.pool.query(
      `UPDATE roundbook.slots SET lease_until = now() + make_interval(secs => $4)
       WHERE campaign_hash = $1 AND seq = $2 AND token = $3 AND state = 'leased'`,
      [hash, claim.seq, claim.token, lease_s],
    );
    return (r.rowCount ?? 0) > 0;
  }

  /** Gives a claimed slot back to the queue (this host stops before running it to the end). */
  async release(hash: string, claim: Claim, lines: LogLine[], run: string): Promise<void> {
    await this.tx(async (c) => {
      await insertLines(c, hash, run, lines);
      await c.query(
        `UPDATE roundbook.slots SET state = 'queued', token = NULL, lease_until = NULL
         WHERE campaign_hash = $1 AND seq = $2 AND token = $3 AND state = 'leased'`,
        [hash, claim.seq, claim.token],
      );
    });
  }

  /** Stores log lines (idempotent: a line already held is skipped); one statement, no transaction of its own. */
  async putLines(hash: string, run: string, lines: LogLine[]): Promise<void> {
    if (lines.length) await insertLines(this.pool, hash, run, lines);
  }

  /**
   * Records a finished round in one transaction: its log lines, the slot
   * done, the configuration's campaign-wide tally, and the stop rule applied
   * to that tally (the decision recorded once, the configuration's queued
   * slots cancelled); with `claimNext`, also claims the next slot in the same
   * transaction (a host's one round trip between two rounds: begin, the round
   * recorded with its lines, the next slot claimed, commit). Safe to call
   * again after an error: a slot already done under this token is not counted
   * twice; a slot another host took over (this host's lease ran out) is not
   * counted at all.
   */
  async record(
    hash: string,
    run: string,
    host: string,
    claim: Claim,
    round: RoundCounts,
    rule: FleetStopRule,
    lines: LogLine[],
    claimNext: { lease_s: number } | null,
    /** The round's own `round` line: stored only when the round is counted (a host that lost the slot writes none). */
    roundLine: LogLine | null = null,
  ): Promise<{ record: RecordResult; next: ClaimResult | null }> {
    return this.tx(async (c) => {
      await insertLines(c, hash, run, lines);
      const record = await recordOn(c, hash, host, claim, round, rule);
      if (roundLine && record.status !== 'lost-lease') await insertLines(c, hash, run, [roundLine]);
      const next = claimNext ? await claimOn(c, hash, host, run, claimNext.lease_s) : null;
      return { record, next };
    });
  }

  /** The configurations decided so far, with their reasons. */
  async decisions(hash: string): Promise<Map<string, string>> {
    const r = await this.pool.query<{ config: string; reason: string }>(
      `SELECT config, reason FROM roundbook.tallies WHERE campaign_hash = $1 AND decision IS NOT NULL`,
      [hash],
    );
    return new Map(r.rows.map((x) => [x.config, x.reason]));
  }

  /** Rounds done and planned (not cancelled) over the whole campaign, and the hosts running it. */
  async progress(hash: string): Promise<{ done: number; planned: number; hosts: number }> {
    const r = await this.pool.query<{ done: string; planned: string; hosts: string }>(
      `SELECT count(*) FILTER (WHERE state = 'done') AS done,
              count(*) FILTER (WHERE state <> 'cancelled') AS planned,
              (SELECT count(*) FROM roundbook.hosts h WHERE h.campaign_hash = $1 AND h.ended_at IS NULL) AS hosts
       FROM roundbook.slots WHERE campaign_hash = $1`,
      [hash],
    );
    return {
      done: Number(r.rows[0].done),
      planned: Number(r.rows[0].planned),
      hosts: Number(r.rows[0].hosts),
    };
  }

  /** The `attempt_start` lines of `run` for a round whose attempt never ended there (for an interrupted attempt). */
  async unfinishedStarts(hash: string, run: string, config: string, round: number): Promise<string[]> {
    const r = await this.pool.query<{ line: string }>(
      `SELECT line FROM roundbook.events e
       WHERE e.campaign_hash = $1 AND e.run = $2
         AND (e.line::json ->> 'type') = 'attempt_start'
         AND (e.line::json ->> 'config') = $3 AND (e.line::json ->> 'round')::int = $4
         AND NOT EXISTS (
           SELECT 1 FROM roundbook.events f
           WHERE f.campaign_hash = e.campaign_hash AND f.run = e.run
             AND (f.line::json ->> 'type') = 'attempt'
             AND (f.line::json ->> 'round_uid') = (e.line::json ->> 'round_uid')
             AND (f.line::json ->> 'attempt') = (e.line::json ->> 'attempt'))
       ORDER BY e.seq`,
      [hash, run, config, round],
    );
    return r.rows.map((x) => x.line);
  }

  /** Campaign hashes and names held, newest first (for `fleet status` without a campaign). */
  async campaigns(): Promise<{ hash: string; name: string; registered_at: string }[]> {
    const r = await this.pool.query<{ campaign_hash: string; name: string; registered_at: Date }>(
      `SELECT campaign_hash, name, registered_at FROM roundbook.campaigns ORDER BY registered_at DESC`,
    );
    return r.rows.map((x) => ({
      hash: x.campaign_hash,
      name: x.name,
      registered_at: x.registered_at.toISOString(),
    }));
  }

  /** Every log line of the campaign (or of every campaign), by run and seq: what the hosts' logs hold. */
  async logLines(
    hash: string | null,
  ): Promise<{ campaign: string; run: string; seq: number; line: string }[]> {
    const r = await this.pool.query<{ name: string; run: string; seq: number; line: string }>(
      `SELECT c.name, e.run, e.seq, e.line FROM roundbook.events e
       JOIN roundbook.campaigns c USING (campaign_hash)
       WHERE $1::text IS NULL OR e.campaign_hash = $1
       ORDER BY c.name, e.run, e.seq`,
      [hash],
    );
    return r.rows.map((x) => ({ campaign: x.name, run: x.run, seq: x.seq, line: x.line }));
  }

  /** The state of a campaign for `roundbook fleet status`. */
  async status(hash: string): Promise<FleetStatus> {
    const camp = await this.pool.query<{
      campaign_hash: string;
      name: string;
      planned: number;
      registered_at: Date;
    }>(
      `SELECT campaign_hash, name, planned, registered_at FROM roundbook.campaigns WHERE campaign_hash = $1`,
      [hash],
    );
    const iso = (d: Date | null) => (d ? d.toISOString() : null);
    const hosts = await this.pool.query(
      `SELECT host, run, started_at, heartbeat_at, ended_at, reason FROM roundbook.hosts
       WHERE campaign_hash = $1 ORDER BY started_at, host`,
      [hash],
    );
    const configs = await this.pool.query(
      `SELECT s.config, count(*)::int AS planned,
              count(*) FILTER (WHERE s.state = 'done')::int AS done,
              count(*) FILTER (WHERE s.state = 'leased')::int AS leased,
              count(*) FILTER (WHERE s.state = 'queued')::int AS queued,
              count(*) FILTER (WHERE s.state = 'cancelled')::int AS cancelled,
              t.rounds, t.failures, t.attempts, t.decision, t.reason
       FROM roundbook.slots s JOIN roundbook.tallies t USING (campaign_hash, config)
       WHERE s.campaign_hash = $1
       GROUP BY s.config, t.rounds, t.failures, t.attempts, t.decision, t.reason
       ORDER BY s.config`,
      [hash],
    );
    const leases = await this.pool.query(
      `SELECT config, round, host, lease_until, lease_until < now() AS expired FROM roundbook.slots
       WHERE campaign_hash = $1 AND state = 'leased' ORDER BY seq`,
      [hash],
    );
    const interruptions = await this.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM roundbook.interruptions WHERE campaign_hash = $1`,
      [hash],
    );
    const c0 = camp.rows[0];
    return {
      campaign: c0
        ? {
            hash: c0.campaign_hash,
            name: c0.name,
            planned: c0.planned,
            registered_at: c0.registered_at.toISOString(),
          }
        : null,
      hosts: hosts.rows.map((h) => ({
        host: h.host,
        run: h.run,
        started_at: iso(h.started_at) as string,
        heartbeat_at: iso(h.heartbeat_at) as string,
        ended_at: iso(h.ended_at),
        reason: h.reason,
      })),
      configs: configs.rows,
      leases: leases.rows.map((l) => ({
        config: l.config,
        round: l.round,
        host: l.host,
        lease_until: iso(l.lease_until) as string,
        expired: l.expired,
      })),
      interruptions: Number(interruptions.rows[0].n),
    };
  }
}

/** A round's counts, added to its configuration's campaign-wide tally. */
export type RoundCounts = Pick<Tally, 'rounds' | 'passes' | 'attempts' | 'crashes' | 'failures'>;

/** Claims the next slot on `c` (inside the caller's transaction): one statement. */
async function claimOn(
  c: PoolClient,
  hash: string,
  host: string,
  run: string,
  lease_s: number,
): Promise<ClaimResult> {
  const token = randomUUID();
  // One statement: the first open slot in plan order (skipping those being claimed by others), a take-over
  // recorded when its lease had run out, and the slot leased to this host.
  const r = await c.query<{
    seq: number;
    config: string;
    round: number;
    claims: number;
    prev_state: string;
    prev_host: string | null;
    prev_run: string | null;
  }>(
    `WITH next AS (
       SELECT s.seq, s.config, s.round, s.state, s.host, s.run, s.claimed_at, s.lease_until
       FROM roundbook.slots s
       WHERE s.campaign_hash = $1
         AND (s.state = 'queued' OR (s.state = 'leased' AND s.lease_until < now()))
         AND NOT EXISTS (SELECT 1 FROM roundbook.tallies t
                         WHERE t.campaign_hash = s.campaign_hash AND t.config = s.config AND t.decision IS NOT NULL)
       ORDER BY s.seq
       LIMIT 1
       FOR UPDATE OF s SKIP LOCKED
     ), taken AS (
       INSERT INTO roundbook.interruptions (campaign_hash, seq, config, round, host, run, claimed_at, lease_until, taken_over_by)
       SELECT $1, seq, config, round, host, run, claimed_at, lease_until, $3 FROM next
       WHERE state = 'leased' AND host IS NOT NULL AND run IS NOT NULL
     )
     UPDATE roundbook.slots s
     SET state = 'leased', claims = s.claims + 1, token = $2, host = $3, run = $4,
         claimed_at = now(), lease_until = now() + make_interval(secs => $5)
     FROM next
     WHERE s.campaign_hash = $1 AND s.seq = next.seq
     RETURNING s.seq, s.config, s.round, s.claims, next.state AS prev_state, next.host AS prev_host, next.run AS prev_run`,
    [hash, token, host, run, lease_s],
  );
  const slot = r.rows[0];
  if (slot)
    return {
      kind: 'claimed',
      claim: {
        seq: slot.seq,
        config: slot.config,
        round: slot.round,
        claims: slot.claims,
        token,
        tookOverFrom:
          slot.prev_state === 'leased' && slot.prev_host && slot.prev_run
            ? { host: slot.prev_host, run: slot.prev_run }
            : null,
      },
    };
  const open = await c.query(
    `SELECT 1 FROM roundbook.slots s
     WHERE s.campaign_hash = $1 AND s.state IN ('queued', 'leased')
       AND NOT EXISTS (SELECT 1 FROM roundbook.tallies t
                       WHERE t.campaign_hash = s.campaign_hash AND t.config = s.config AND t.decision IS NOT NULL)
     LIMIT 1`,
    [hash],
  );
  return open.rowCount ? { kind: 'wait' } : { kind: 'finished' };
}

type TallyRow = RoundCounts & { decision: string | null; reason: string | null };

/** Records a finished round on `c` (inside the caller's transaction); see `FleetStore.record`. */
async function recordOn(
  c: PoolClient,
  hash: string,
  host: string,
  claim: Claim,
  round: RoundCounts,
  rule: FleetStopRule,
): Promise<RecordResult> {
  // One statement: the slot done if it is still this claim's, and then (only then) the tally counted.
  const r = await c.query<TallyRow>(
    `WITH done AS (
       UPDATE roundbook.slots SET state = 'done', done_at = now(), lease_until = NULL
       WHERE campaign_hash = $1 AND seq = $2 AND token = $3 AND state = 'leased'
       RETURNING config
     )
     UPDATE roundbook.tallies t
     SET rounds = t.rounds + $4, passes = t.passes + $5, attempts = t.attempts + $6,
         crashes = t.crashes + $7, failures = t.failures + $8
     FROM done
     WHERE t.campaign_hash = $1 AND t.config = done.config
     RETURNING t.rounds, t.passes, t.attempts, t.crashes, t.failures, t.decision, t.reason`,
    [hash, claim.seq, claim.token, round.rounds, round.passes, round.attempts, round.crashes, round.failures],
  );
  const counted = r.rows[0];
  if (!counted) {
    // Not counted now: an earlier try of this call did (its commit's answer lost), or another host took the slot.
    const slot = await c.query<{ state: string; token: string | null }>(
      `SELECT state, token FROM roundbook.slots WHERE campaign_hash = $1 AND seq = $2`,
      [hash, claim.seq],
    );
    const t = await c.query<TallyRow>(
      `SELECT rounds, passes, attempts, crashes, failures, decision, reason
       FROM roundbook.tallies WHERE campaign_hash = $1 AND config = $2`,
      [hash, claim.config],
    );
    const status =
      slot.rows[0]?.token === claim.token && slot.rows[0].state === 'done' ? 'again' : 'lost-lease';
    return { status, tally: countsOf(t.rows[0]), decided: null, stopped: t.rows[0]?.reason ?? null };
  }
  const tally = countsOf(counted);
  const d =
    counted.decision === null && rule.rule === 'always-valid'
      ? stopDecision(tally, {
          threshold: rule.threshold ?? 0.01,
          confidence: rule.confidence ?? 0.95,
          min_rounds: rule.min_rounds ?? 0,
        })
      : null;
  if (d) {
    // The tally's row is locked by the update above: no other host can decide in between.
    await c.query(
      `WITH decided AS (
         UPDATE roundbook.tallies SET decision = $3, reason = $4, decided_at = now(), decided_by = $5
         WHERE campaign_hash = $1 AND config = $2 AND decision IS NULL
         RETURNING config
       )
       UPDATE roundbook.slots s SET state = 'cancelled', token = NULL, lease_until = NULL
       FROM decided
       WHERE s.campaign_hash = $1 AND s.config = decided.config AND s.state = 'queued'`,
      [hash, claim.config, d.decision, d.reason, host],
    );
  }
  return { status: 'counted', tally, decided: d, stopped: counted.reason ?? d?.reason ?? null };
}

function countsOf(row: RoundCounts | undefined): RoundCounts {
  return {
    rounds: row?.rounds ?? 0,
    passes: row?.passes ?? 0,
    attempts: row?.attempts ?? 0,
    crashes: row?.crashes ?? 0,
    failures: row?.failures ?? 0,
  };
}

/** Inserts log lines of `run` (a line already held is skipped). */
async function insertLines(
  c: Pick<PoolClient, 'query'>,
  hash: string,
  run: string,
  lines: LogLine[],
): Promise<void> {
  if (!lines.length) return;
  await c.query(
    `INSERT INTO roundbook.events (campaign_hash, run, seq, line)
     SELECT $1, $2, l.seq, l.line FROM unnest($3::int[], $4::text[]) AS l(seq, line)
     ON CONFLICT DO NOTHING`,
    [hash, run, lines.map((l) => l.seq), lines.map((l) => l.line)],
  );
}
