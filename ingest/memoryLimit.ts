/**
 * DuckDB's memory limit, lowered while round logs are read (what the reader
 * cannot hold spills to disk) and restored after — outside any transaction:
 * a SET in a transaction that failed fails too ("Current transaction is
 * aborted"), and would hide the failure that aborted it.
 */
import type { Db } from '../store/db.ts';

/** DuckDB's memory limit while a batch is read (its temporary table spills to disk beyond it), restored after. */
const INGEST_MEMORY_LIMIT = 512 * 1024 * 1024;

/**
 * Lowers DuckDB's memory limit to `INGEST_MEMORY_LIMIT` (when above); returns
 * what restores it: RESET when it was the default, else the value shown (to
 * within DuckDB's display, which cuts to one decimal: the middle of that step,
 * so that repeated restores do not drift).
 */
export async function lowerMemoryLimit(db: Db): Promise<() => Promise<void>> {
  const limit = async () => (await db.all<{ v: string }>(`SELECT current_setting('memory_limit') AS v`))[0].v;
  const before = await limit();
  if (parseBytes(before) <= INGEST_MEMORY_LIMIT) return async () => {};
  await db.run('RESET memory_limit');
  const restore =
    (await limit()) === before
      ? 'RESET memory_limit'
      : `SET memory_limit = '${Math.round(parseBytes(before, true))}B'`;
  await db.run(`SET memory_limit = '${INGEST_MEMORY_LIMIT}B'`);
  return () => db.run(restore);
}

/**
 * `18.8 GiB`, `512.0 MiB`, `1000 bytes` (DuckDB's way of showing sizes) →
 * bytes; unknown → Infinity. `midStep`: add half the last shown decimal
 * (DuckDB cuts, it does not round).
 */
export function parseBytes(text: string, midStep = false): number {
  const m = /^([\d.]+)\s*([KMGT]i?B|B|bytes)?$/i.exec(text.trim());
  if (!m) return Number.POSITIVE_INFINITY;
  const unit = (m[2] ?? 'B').toUpperCase();
  const power = 'BKMGT'.indexOf(unit === 'BYTES' ? 'B' : unit[0]);
  const decimals = m[1].split('.')[1]?.length ?? 0;
  const value = Number(m[1]) + (midStep && decimals > 0 ? 0.5 * 10 ** -decimals : 0);
  return value * (unit.includes('I') ? 1024 : 1000) ** power;
}

/**
 * Runs `fn` (which may open and end transactions of its own) with DuckDB's
 * memory limit lowered, and restores the limit after. Call it outside a
 * transaction. When `fn` fails, its error is the one thrown, whatever the
 * restore does.
 */
export async function withLowerMemoryLimit<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  const restore = await lowerMemoryLimit(db);
  let out: T;
  try {
    out = await fn();
  } catch (err) {
    await restore().catch(() => {});
    throw err;
  }
  await restore();
  return out;
}
