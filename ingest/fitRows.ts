/**
 * Parsed rows checked against their tables' column types (store/rawTables.ts)
 * before they leave the parser: a value that does not fit its column (a pass
 * count of 3,000,000,000 in an INTEGER, a 400-digit total, a pid of 1.5, a
 * 13th month) would otherwise make DuckDB's appender throw and take the whole
 * batch of files with it. Here it becomes a problem with its row's line, and
 * the value is left empty where the column may be null, or the row dropped
 * where it may not. Runs in the worker that parsed the file.
 */
import { PARSED_TABLES, type ParsedRows, type ParsedTableName, type Problem } from '../store/rawTables.ts';
import type { ColumnType } from '../store/tableSpec.ts';

/** Values listed one by one on a file's problems; the rest are counted. */
const LISTED = 20;

/** 2^31 and 2^63: an INTEGER lies in [-2^31, 2^31), a BIGINT in [-2^63, 2^63). */
const INT32_LIMIT = 2 ** 31;
const INT64_LIMIT = 2 ** 63;

/**
 * Why `value` cannot be stored in a column of SQL type `type`, or null when
 * it can. null and undefined fit every type (nullability is the caller's
 * business).
 *
 * @example misfit('INTEGER', 3000000000) // 'is out of range for INTEGER'
 * @example misfit('DATE', '2025-02-30') // 'is not a valid DATE'
 */
export function misfit(type: ColumnType, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'VARCHAR':
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
        ? null
        : 'is not text';
    case 'INTEGER':
      return integerMisfit(value, INT32_LIMIT, 'INTEGER');
    case 'BIGINT':
      return integerMisfit(value, INT64_LIMIT, 'BIGINT');
    case 'DOUBLE':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'is not a finite number';
    case 'BOOLEAN':
      return typeof value === 'boolean' ? null : 'is not a boolean';
    case 'TIMESTAMP':
      return typeof value === 'string' && isTimestamp(value) ? null : 'is not a valid TIMESTAMP';
    case 'DATE':
      return typeof value === 'string' && isDate(value) ? null : 'is not a valid DATE';
    case 'VARCHAR[]':
      return Array.isArray(value) && value.every((v) => typeof v === 'string')
        ? null
        : 'is not a list of text';
    default:
      return `is of a type the appender does not write (${type})`;
  }
}

function integerMisfit(value: unknown, limit: number, type: string): string | null {
  if (typeof value !== 'number' || Number.isNaN(value)) return `is not a number for ${type}`;
  if (value >= limit || value < -limit) return `is out of range for ${type}`;
  return Number.isInteger(value) ? null : `is not a whole number for ${type}`;
}

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?$/;

/** `YYYY-MM-DD[( |T)HH:MM[:SS[.f…]]][Z|±HH[:MM]]` with a real calendar day and clock time (year 1–9999). */
function isTimestamp(text: string): boolean {
  const m = TIMESTAMP.exec(text);
  if (!m) return false;
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m;
  return isCalendarDay(Number(y), Number(mo), Number(d)) && +h <= 23 && +mi <= 59 && +s <= 59;
}

function isDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return m !== null && isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

function isCalendarDay(year: number, month: number, day: number): boolean {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const days = new Date(Date.UTC(2000, month, 0)).getUTCDate(); // a leap year: February has 29
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (month === 2 && !leap ? 28 : days);
}

/** A value as a problem shows it: short, on one line. */
function shown(value: unknown): string {
  const text =
    typeof value === 'number' || typeof value === 'bigint'
      ? String(value)
      : (JSON.stringify(value) ?? String(value));
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

/**
 * Checks every row of every table against its spec's column types (INTEGER
 * is int32, BIGINT int64, DOUBLE finite, TIMESTAMP and DATE real times).
 * A value that does not fit is a problem `value out of range: table.column =
 * value …` on the row's line; it is left empty (null) where the column is
 * nullable, and the row is dropped where it is not (a row without a value where
 * the spec wants one is dropped the same way, as `missing value`). Columns a row does not carry (the
 * ingester fills them later) are not checked. Returns the tables unchanged
 * (the same arrays) when everything fits. At most 20 values are listed per
 * call; the rest are counted in one more problem.
 */
export function fitRows(tables: ParsedRows): { tables: ParsedRows; problems: Problem[] } {
  const problems: Problem[] = [];
  let unlisted = 0;
  const out: ParsedRows = { ...tables };
  for (const name of Object.keys(tables) as ParsedTableName[]) {
    const rows = tables[name] as Record<string, unknown>[] | undefined;
    if (!rows?.length) continue;
    const columns = Object.entries(PARSED_TABLES[name].columns);
    let fitted: Record<string, unknown>[] | null = null; // made on the first row that changes
    rows.forEach((row, i) => {
      let kept: Record<string, unknown> | null = row;
      for (const [column, spec] of columns) {
        if (!(column in row)) continue;
        const value = row[column];
        const missing = (value === null || value === undefined) && !spec.nullable;
        const why = missing ? 'no value' : misfit(spec.type, value);
        if (why === null) continue;
        if (problems.length < LISTED)
          problems.push({
            line: typeof row.line === 'number' && Number.isInteger(row.line) ? row.line : null,
            message: `${missing ? `missing value: ${name}.${column} is empty` : `value out of range: ${name}.${column} = ${shown(value)} ${why}`}; ${spec.nullable ? 'left empty' : 'row dropped'}`,
          });
        else unlisted++;
        if (!spec.nullable) {
          kept = null;
          break;
        }
        if (kept === row) kept = { ...row };
        kept[column] = null;
      }
      if (kept !== row && fitted === null) fitted = rows.slice(0, i);
      if (fitted && kept) fitted.push(kept);
    });
    if (fitted) (out as Record<string, unknown>)[name] = fitted;
  }
  if (unlisted)
    problems.push({ line: null, message: `${unlisted} more values out of range or missing (not listed)` });
  return { tables: out, problems };
}
