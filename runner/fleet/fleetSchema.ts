/**
 * The fleet's tables in PostgreSQL, all in schema `roundbook` (a role that
 * may use that schema needs nothing else). One campaign is one row of
 * `campaigns`, keyed by the hash of the campaign's content, so that every host
 * of the same file registers the same plan:
 * - `slots`: the plan, one row per (configuration, round) in plan order
 *   (`seq`), `queued` → `leased` (by a host, under a lease it renews) →
 *   `done`, or `cancelled` once the stop rule decided its configuration;
 *   `claims` counts how often it was handed out (the round's `try`).
 * - `interruptions`: a lease that ran out (a host killed or cut off mid-round)
 *   and the host that took the round over.
 * - `tallies`: the campaign-wide count per configuration the stop rule reads,
 *   and its decision, recorded once.
 * - `hosts`: each host's run of the campaign, its heartbeat and how it ended.
 * - `events`: every line of every host's round log, byte for byte (`line` is
 *   text, not jsonb, which would reorder keys), so that ingesting the fleet
 *   gives what ingesting the hosts' logs gives.
 */

/**
 * The tables, idempotent (each statement `IF NOT EXISTS`); run under an
 * advisory lock so hosts starting at once do not race. The schema itself is
 * created only when missing (`CREATE SCHEMA` needs the right to create in the
 * database, which a role given only `roundbook` has not).
 */
export const FLEET_SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS roundbook.campaigns (
  campaign_hash text PRIMARY KEY,
  name text NOT NULL,
  order_kind text NOT NULL,
  seed bigint NOT NULL,
  stop_rule jsonb NOT NULL,
  planned integer NOT NULL,
  lease_s double precision NOT NULL,
  registered_at timestamptz NOT NULL DEFAULT now(),
  registered_by text NOT NULL
);
CREATE TABLE IF NOT EXISTS roundbook.slots (
  campaign_hash text NOT NULL REFERENCES roundbook.campaigns,
  seq integer NOT NULL,
  config text NOT NULL,
  round integer NOT NULL,
  state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'leased', 'done', 'cancelled')),
  claims integer NOT NULL DEFAULT 0,
  token uuid,
  host text,
  run text,
  lease_until timestamptz,
  claimed_at timestamptz,
  done_at timestamptz,
  PRIMARY KEY (campaign_hash, seq),
  UNIQUE (campaign_hash, config, round)
);
CREATE INDEX IF NOT EXISTS slots_open ON roundbook.slots (campaign_hash, seq) WHERE state IN ('queued', 'leased');
CREATE TABLE IF NOT EXISTS roundbook.interruptions (
  campaign_hash text NOT NULL,
  seq integer NOT NULL,
  config text NOT NULL,
  round integer NOT NULL,
  host text NOT NULL,
  run text NOT NULL,
  claimed_at timestamptz,
  lease_until timestamptz,
  taken_over_at timestamptz NOT NULL DEFAULT now(),
  taken_over_by text NOT NULL
);
CREATE TABLE IF NOT EXISTS roundbook.tallies (
  campaign_hash text NOT NULL REFERENCES roundbook.campaigns,
  config text NOT NULL,
  rounds integer NOT NULL DEFAULT 0,
  passes integer NOT NULL DEFAULT 0,
  attempts integer NOT NULL DEFAULT 0,
  crashes integer NOT NULL DEFAULT 0,
  failures integer NOT NULL DEFAULT 0,
  decision text,
  reason text,
  decided_at timestamptz,
  decided_by text,
  PRIMARY KEY (campaign_hash, config)
);
CREATE TABLE IF NOT EXISTS roundbook.hosts (
  campaign_hash text NOT NULL REFERENCES roundbook.campaigns,
  run text NOT NULL,
  host text NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  heartbeat_at timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz,
  reason text,
  PRIMARY KEY (campaign_hash, run)
);
CREATE TABLE IF NOT EXISTS roundbook.events (
  campaign_hash text NOT NULL,
  run text NOT NULL,
  seq integer NOT NULL,
  line text NOT NULL,
  PRIMARY KEY (campaign_hash, run, seq)
);
`;

/** The advisory lock key under which the schema is created (any constant: "rbfl" in ASCII). */
export const FLEET_SCHEMA_LOCK = 0x7262666c;
