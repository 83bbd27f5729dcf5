/**
 * Report metadata: title, date, worker N, PyTorch version, hardware, and the
 * report-level configuration (fix variant, threads, retry wrapper) that
 * headings may override.
 */
import type { Wrapper } from '../../store/vocabulary.ts';
import type { Field } from './fields.ts';
import { fixVariantsIn } from './fixVariant.ts';
import { reportedAt } from './reportedAt.ts';
import type { WalkedBlock } from './walk.ts';

/** What the header and configuration sections of a report say. */
export interface ReportMetadata {
  title: string | null;
  titleLine: number | null;
  report_date: string | null;
  /** The date-time the report states for itself, as written (ingest/markdown/reportedAt.ts). */
  reported_at: string | null;
  worker_n: number | null;
  torch_version: string | null;
  hardware: string | null;
  fix_variant: string | null;
  threads: number | null;
  wrapper: Wrapper | null;
}

const CONFIG_SECTION =
  /config|setup|environment|system|status|dylib|test mode|parameters|method|platform|hardware/i;
const SUMMARY_SECTION = /summary|overview|objective|purpose|scope/i;
const CLOSING_SECTION = /conclusion|verdict|final status|outcome/i;
const FIX_KEY =
  /^(?:agx fix(?: version| dylib)?|dylib(?: version| used)?|fix(?: variant| version)?|configuration|config|test mode|mode|version|fix dylib|agx_fix|library|injected dylib|dyld_insert_libraries)$/;
const VERSION = /\bv?(\d+\.\d+\.\d+(?:(?:a|b|rc|dev)\d*)?(?:\+git[0-9a-f]{6,40})?)(?![\w.])/;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function isoDate(y: number, m: number, d: number): string | null {
  if (y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * An ISO date (YYYY-MM-DD) from the date formats reports use: `2025-12-23`,
 * `2025-12-23 14:05 PST`, `2025-12-23T05:23:53Z`, `20251224`, `December 23, 2025`,
 * `23 Dec 2025`. The date is taken as written (no time-zone shift). Month-only
 * dates (`December 2025`) give null.
 *
 * @example parseReportDate('2025-12-20 17:42:41.7696 -0800') // '2025-12-20'
 */
export function parseReportDate(text: string): string | null {
  let m = /(\d{4})-(\d{1,2})-(\d{1,2})/.exec(text);
  if (m) return isoDate(+m[1], +m[2], +m[3]);
  m = /(?<!\d)(20\d{2})(\d{2})(\d{2})(?!\d)/.exec(text);
  if (m) return isoDate(+m[1], +m[2], +m[3]);
  m = /\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b/.exec(text);
  if (m && MONTHS.includes(m[1].slice(0, 3).toLowerCase()))
    return isoDate(+m[3], MONTHS.indexOf(m[1].slice(0, 3).toLowerCase()) + 1, +m[2]);
  m = /\b(\d{1,2})\s+([A-Za-z]{3,9})\.?\s+(\d{4})\b/.exec(text);
  if (m && MONTHS.includes(m[2].slice(0, 3).toLowerCase()))
    return isoDate(+m[3], MONTHS.indexOf(m[2].slice(0, 3).toLowerCase()) + 1, +m[1]);
  return null;
}

/**
 * The worker N in a `**Worker**` value: `N=2809`, `N=98 (N mod 7 = 0 …)`,
 * `#3151`, `3065`, `Claude (N=3715)`; null for `AI`.
 *
 * @example workerFromValue('N=11, Updated N=952') // 11
 */
export function workerFromValue(value: string): number | null {
  const m =
    /\bN\s*=\s*(\d{1,6})/i.exec(value) ?? /#\s*(\d{1,6})\b/.exec(value) ?? /^\s*(\d{1,6})\b/.exec(value);
  return m ? Number(m[1]) : null;
}

/**
 * The worker N from a file name: `_N2941_`, `verification_n3170_…`; never the
 * number after `verification_round_` (a round number).
 *
 * @example workerFromPath('archive/x/verification_round_1000_N2860_2025-12-23.md') // 2860
 */
export function workerFromPath(path: string): number | null {
  const base = path.split(/[\\/]/).pop() ?? '';
  const m = /(?:^|[_-])N(\d{1,5})(?=[_.-]|$)/i.exec(base);
  return m ? Number(m[1]) : null;
}

/** A PyTorch version in a value (`2.9.1a0+git8cfbcc8`, `v2.9.1` → `2.9.1`). */
export function torchVersionIn(text: string): string | null {
  const m = VERSION.exec(text);
  return m ? m[1] : null;
}

function cleanHardware(value: string): string | null {
  let v = value.replace(/`/g, '').trim();
  const apple = v.search(/Apple\s/);
  if (apple > 0) v = v.slice(apple);
  // Cut at the first comma or semicolon outside parentheses ("Apple M4 Max, macOS 15.7.3").
  let depth = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if ((c === ',' || c === ';') && depth === 0 && !/\d/.test(v[i + 1] ?? '')) {
      v = v.slice(0, i);
      break;
    }
  }
  v = v.trim();
  if (!v || v.length > 80 || /^macos/i.test(v) || !/apple|\bM\d\b|arm64|mac(?!os)/i.test(v)) return null;
  return v;
}

function sectionOf(blocks: WalkedBlock[], f: Field): string {
  return blocks[f.block]?.context.headingPath.slice(1).join(' / ') ?? '';
}

/**
 * Reads the report metadata from walked blocks and their fields. Worker N
 * comes from `**Worker**`, then `**Iteration**`, then the title's `N=`, then
 * the file name. The fix variant comes from keyed statements (header keys,
 * configuration bullets, `DYLD_INSERT_LIBRARIES=` paths) when they agree, else
 * from title/summary prose naming exactly one variant; otherwise null.
 */
export function readMetadata(blocks: WalkedBlock[], fields: Field[], path: string): ReportMetadata {
  const firstSection = blocks.findIndex(
    (b) => b.kind === 'text' && b.role === 'heading' && b.context.headingPath.length >= 2,
  );
  const headerEnd = firstSection < 0 ? blocks.length : firstSection;
  const inHeader = (f: Field) => f.block < headerEnd;
  const inConfig = (f: Field) => inHeader(f) || CONFIG_SECTION.test(sectionOf(blocks, f));
  const ordered = [...fields.filter(inHeader), ...fields.filter((f) => !inHeader(f))];
  const get = (re: RegExp, where: (f: Field) => boolean = () => true) =>
    ordered.filter((f) => re.test(f.key) && where(f));

  const titleBlock = blocks.find((b) => b.kind === 'text' && b.role === 'heading');
  const title = titleBlock && titleBlock.kind === 'text' ? titleBlock.text : null;

  let report_date: string | null = null;
  for (const f of get(/^(?:date|report date|created|generated|timestamp|updated|last updated)$/)) {
    report_date = parseReportDate(f.value);
    if (report_date) break;
  }
  if (!report_date) report_date = parseReportDate(path.split(/[\\/]/).pop() ?? '');

  let worker_n: number | null = null;
  for (const f of get(/^worker(?: n| id)?$/)) {
    worker_n = workerFromValue(f.value);
    if (worker_n != null) break;
  }
  if (worker_n == null)
    for (const f of get(/^iteration$/)) {
      worker_n = workerFromValue(f.value);
      if (worker_n != null) break;
    }
  if (worker_n == null && title) {
    const m = /\bN\s*=\s*(\d{1,6})/.exec(title);
    if (m) worker_n = Number(m[1]);
  }
  if (worker_n == null) worker_n = workerFromPath(path);

  let torch_version: string | null = null;
  for (const f of get(/^(?:pytorch|torch)(?: version)?$/)) {
    torch_version = torchVersionIn(f.value);
    if (torch_version) break;
  }
  if (!torch_version)
    for (const b of blocks) {
      if (b.kind !== 'text') continue;
      const m =
        /\b(?:PyTorch|torch)\s+v?(\d+\.\d+\.\d+(?:(?:a|b|rc)\d*)?(?:\+git[0-9a-f]{6,40})?)(?![\w.])/i.exec(
          b.text,
        );
      if (m) {
        torch_version = m[1];
        break;
      }
    }

  let hardware: string | null = null;
  for (const f of get(/^(?:hardware|machine|chip|device|metal device|gpu|platform|system|host|soc)$/)) {
    hardware = cleanHardware(f.value);
    if (hardware) break;
  }

  return {
    title,
    titleLine: titleBlock?.line ?? null,
    report_date,
    reported_at: reportedAt(
      get(/^(?:date|report date|created|generated|timestamp|updated|last updated)$/).map((f) => f.value),
      path,
    ),
    worker_n,
    torch_version,
    hardware,
    fix_variant: reportFixVariant(blocks, fields, headerEnd, inHeader, inConfig),
    threads: reportThreads(get(/^(?:threads|thread count|threads per test|num threads)$/, inConfig)),
    wrapper: reportWrapper(
      blocks,
      get(/^(?:wrapper|command|runner|retry|retries|max retries|test command)$/, inConfig),
      headerEnd,
    ),
  };
}

function unique(values: (string | null)[]): string | null {
  const set = new Set(values.filter((v): v is string => v != null));
  return set.size === 1 ? [...set][0] : null;
}

function reportFixVariant(
  blocks: WalkedBlock[],
  fields: Field[],
  headerEnd: number,
  inHeader: (f: Field) => boolean,
  inConfig: (f: Field) => boolean,
): string | null {
  const keyed = (f: Field) =>
    FIX_KEY.test(f.key) || /^(?:agx[ _]fix|dylib)\b/.test(f.key) || fixVariantsIn(f.key).length > 0;
  const variantsOf = (f: Field) => fixVariantsIn(`${fixVariantsIn(f.key).length ? f.key : ''} ${f.value}`);
  const header = fields.filter((f) => inHeader(f) && keyed(f)).flatMap(variantsOf);
  if (header.length) return unique(header);
  const config = fields.filter((f) => inConfig(f) && keyed(f)).flatMap(variantsOf);
  for (const b of blocks) {
    if (b.kind !== 'text') continue;
    const m = /DYLD_INSERT_LIBRARIES=\S*/.exec(b.text);
    if (m) config.push(...fixVariantsIn(m[0]));
  }
  if (config.length) return unique(config);
  const prose: string[] = [];
  const closing: string[] = [];
  blocks.forEach((b, i) => {
    if (b.kind !== 'text') return;
    const section = b.context.headingPath.slice(1).join(' ');
    if (
      i < headerEnd ||
      (b.role !== 'heading' && SUMMARY_SECTION.test(section) && b.context.headingPath.length === 2)
    )
      prose.push(...fixVariantsIn(b.text));
    else if (b.role !== 'heading' && CLOSING_SECTION.test(section)) closing.push(...fixVariantsIn(b.text));
  });
  return prose.length ? unique(prose) : unique(closing);
}

function reportThreads(fields: Field[]): number | null {
  for (const f of fields) {
    const m = /^\s*(\d{1,3})\b/.exec(f.value);
    if (m && Number(m[1]) > 0) return Number(m[1]);
  }
  return null;
}

function reportWrapper(blocks: WalkedBlock[], fields: Field[], headerEnd: number): Wrapper | null {
  for (const f of fields) {
    if (/MPS_TEST_MAX_RETRIES=1\b|\bno retr/i.test(f.value)) return 'none';
    if (/retry|retries|run_mps_test/i.test(f.value)) return 'retry';
  }
  for (let i = 0; i < Math.min(headerEnd, blocks.length); i++) {
    const b = blocks[i];
    if (b.kind === 'text' && /run_mps_test\.sh/.test(b.text))
      return /MPS_TEST_MAX_RETRIES=1\b/.test(b.text) ? 'none' : 'retry';
  }
  return null;
}
