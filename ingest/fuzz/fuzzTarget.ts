/**
 * The fuzz target: the properties every parser and the ingest must keep on
 * any input (issue 11, "Testing the way trusted systems do"):
 *
 * - no parser throws: `parseSource`, the `.ips`/`.crash`/summary parsers, the
 *   round-log scanner; a parser's own catch-all (`parser failed: …`,
 *   `unreadable .ips: …`) counts as a throw, for it hides a bug; the campaign
 *   parser (runner/campaign.ts) throws nothing but `CampaignError`;
 * - every row a parser gives fits its table (ingest/fitRows.ts finds nothing);
 * - the ingest of all inputs together never throws, and its invariants hold
 *   (ingest/ingestInvariants.ts: every input recorded, every source with its
 *   rows, every link complete, re-ingest identical);
 * - good files beside bad ones ingest fully: the unmutated seeds (the
 *   controls), ingested among the inputs, have the rows they have alone;
 * - time grows linearly with the input (`linearity`: twice the input, at most
 *   2.5 times the time), checked by the fuzz script, never in a unit test.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CampaignError, campaignErrors, parseCampaign } from '../../runner/campaign.ts';
import type { Db } from '../../store/db.ts';
import { Db as Database } from '../../store/db.ts';
import { PER_SOURCE_TABLES } from '../../store/rawTables.ts';
import { quoteIdent } from '../../store/sql.ts';
import { RAW_VIEWS } from '../../store/views.ts';
import { CRASH_PARSERS } from '../crash/parseCrashFile.ts';
import { decodeText } from '../decodeText.ts';
import { fitRows } from '../fitRows.ts';
import { type IngestOptions, ingestPaths } from '../ingest.ts';
import { ingestInvariants } from '../ingestInvariants.ts';
import { type ParsedSource, parseSource } from '../parseSource.ts';
import { scanRoundLog } from '../roundLogScan.ts';
import type { FuzzInput } from './fuzzInputs.ts';
import { fuzzSeeds, SEED_EXTENSIONS } from './seeds.ts';

/** A property an input broke. */
export interface FuzzFinding {
  /** The input's file name, or null for a finding about the whole batch. */
  input: string | null;
  property:
    | 'parser threw'
    | 'rows do not fit'
    | 'campaign parser threw'
    | 'ingest threw'
    | 'invariant'
    | 'control damaged'
    | 'not linear';
  message: string;
}

/** Problems that say a parser's own catch-all caught an exception. */
const CAUGHT = /^(?:parser failed|unreadable \.ips|unreadable \.crash|unreadable crash summary): /;

const errorText = (err: unknown) => (err instanceof Error ? `${err.name}: ${err.message}` : String(err));

/** Every parser, called directly on each input (no database, no files). */
export function checkParsers(inputs: readonly FuzzInput[]): FuzzFinding[] {
  const out: FuzzFinding[] = [];
  for (const input of inputs) {
    const found = (property: FuzzFinding['property'], message: string) =>
      out.push({ input: input.name, property, message });
    if (input.kind === 'campaign') {
      const text = input.bytes.toString('utf8');
      try {
        campaignErrors(text, input.name);
      } catch (err) {
        found('campaign parser threw', `campaignErrors: ${errorText(err)}`);
      }
      try {
        parseCampaign(text, input.name);
      } catch (err) {
        if (!(err instanceof CampaignError))
          found('campaign parser threw', `parseCampaign: ${errorText(err)}`);
      }
      continue;
    }
    let parsed: ParsedSource;
    try {
      parsed = parseSource(input.bytes, input.name);
    } catch (err) {
      found('parser threw', `parseSource: ${errorText(err)}`);
      continue;
    }
    for (const p of parsed.problems)
      if (CAUGHT.test(p.message)) found('parser threw', `parseSource: ${p.message}`);
    const misfits = fitRows(parsed.tables).problems;
    if (misfits.length) found('rows do not fit', misfits[0].message);
    if (input.kind === 'ips' || input.kind === 'crash' || input.kind === 'summary') {
      const { text } = decodeText(input.bytes);
      for (const [format, parse] of Object.entries(CRASH_PARSERS)) {
        try {
          for (const p of parse(text, input.name).problems)
            if (CAUGHT.test(p.message)) found('parser threw', `${format} parser: ${p.message}`);
        } catch (err) {
          found('parser threw', `${format} parser: ${errorText(err)}`);
        }
      }
    }
  }
  return out;
}

/** The controls: every seed a file ingest reads, unmutated, under `control-<n>-<name>`. */
export function controlFiles(): { name: string; bytes: Buffer }[] {
  return fuzzSeeds()
    .filter((s) => s.kind !== 'campaign')
    .map((s, i) => ({
      name: `control-${String(i).padStart(3, '0')}-${basename(s.origin).replace(/\.[^.]*$/, '')}${SEED_EXTENSIONS[s.kind]}`,
      bytes: s.bytes,
    }));
}

/** Writes the inputs a file ingest reads (not campaigns) under `dir/inputs`, and the controls under `dir/controls`. */
export function writeFuzzFolder(
  dir: string,
  inputs: Iterable<FuzzInput>,
): { inputs: number; controls: number } {
  mkdirSync(join(dir, 'inputs'), { recursive: true });
  mkdirSync(join(dir, 'controls'), { recursive: true });
  let n = 0;
  for (const input of inputs)
    if (input.kind !== 'campaign') {
      writeFileSync(join(dir, 'inputs', input.name), input.bytes);
      n++;
    }
  const controls = controlFiles();
  for (const c of controls) writeFileSync(join(dir, 'controls', c.name), c.bytes);
  return { inputs: n, controls: controls.length };
}

/**
 * Writes the inputs and controls under `dir`, ingests them all at once and
 * checks the ingest's properties (module comment). `dir` must be new.
 */
export async function checkIngest(
  dir: string,
  inputs: readonly FuzzInput[],
  options: IngestOptions = {},
): Promise<FuzzFinding[]> {
  const out: FuzzFinding[] = [];
  writeFuzzFolder(dir, inputs);
  for (const input of inputs)
    if (input.name.endsWith('.jsonl'))
      try {
        await scanRoundLog(join(dir, 'inputs', input.name));
      } catch (err) {
        out.push({ input: input.name, property: 'parser threw', message: `scanRoundLog: ${errorText(err)}` });
      }
  const fixed = { ...options, now: () => new Date('2026-01-01T00:00:00Z') };
  const db = await Database.open(':memory:');
  const alone = await Database.open(':memory:');
  try {
    try {
      await ingestPaths(db, [dir], fixed);
    } catch (err) {
      out.push({ input: null, property: 'ingest threw', message: errorText(err) });
      return out;
    }
    for (const v of await ingestInvariants(db, [dir], { ingest: fixed }))
      out.push({ input: inputOf(v), property: 'invariant', message: v });
    await ingestPaths(alone, [join(dir, 'controls')], fixed);
    for (const m of await controlDifferences(alone, db))
      out.push({ input: null, property: 'control damaged', message: m });
  } finally {
    db.close();
    alone.close();
  }
  return out;
}

/** The input file a violation names, if any. */
function inputOf(violation: string): string | null {
  const m = /[/\\]inputs[/\\]([^/\\:]+):/.exec(violation);
  return m ? m[1] : null;
}

/** Columns that depend on what else was ingested beside a source (crash links), not on the source. */
const CONTEXT_COLUMNS = new Set(['round_uid', 'crash_uid', 'ingested_at', 'path']);

/** How the controls' sources and rows in `all` differ from those in `alone` (ingested by themselves). */
async function controlDifferences(alone: Db, all: Db): Promise<string[]> {
  const out: string[] = [];
  const ids = (
    await alone.all<{ source_id: string; path: string }>('SELECT source_id, path FROM sources')
  ).map((r) => r);
  for (const { source_id, path } of ids) {
    // The views too: a round log's rows are its events', seen through them.
    for (const table of [
      'sources',
      ...PER_SOURCE_TABLES.map((t) => t.name),
      'round_logs',
      ...RAW_VIEWS.map((v) => v.name),
    ]) {
      const rows = async (db: Db) =>
        (
          await db.all<Record<string, unknown>>(`SELECT * FROM ${quoteIdent(table)} WHERE source_id = ?`, [
            source_id,
          ])
        )
          .map((r) =>
            JSON.stringify(
              Object.entries(r).filter(
                ([k]) => !CONTEXT_COLUMNS.has(k) && (table !== 'round_logs' || k !== 'log_id'),
              ),
            ),
          )
          .sort();
      const [a, b] = [await rows(alone), await rows(all)];
      if (JSON.stringify(a) !== JSON.stringify(b))
        out.push(
          `${basename(path)}: ${table} has ${b.length} rows among the inputs, ${a.length} alone (or other values)`,
        );
    }
  }
  return out;
}
