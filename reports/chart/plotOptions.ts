/**
 * Turns a validated chart spec and the query results it names into Observable
 * Plot options (marks built from Plot's own mark functions). The same pass
 * checks every result and column the chart names, so the builder can report
 * those errors before anything is rendered.
 */
import * as Plot from '@observablehq/plot';
import type { ResultData } from '../pageTypes.ts';
import { CHANNELS, type Channel, type ChartSpec, type MarkSpec, type MarkType, SCALES } from './chartSpec.ts';

/** A problem in a chart, with the index of the mark (undefined: the chart itself). */
export interface ChartProblem {
  mark?: number;
  message: string;
}

type MarkFn = (data: unknown, options: Record<string, unknown>) => Plot.Markish;

const MARKS: Record<MarkType, MarkFn> = {
  dot: (d, o) => Plot.dot(d as Plot.Data, o),
  line: (d, o) => Plot.line(d as Plot.Data, o),
  lineX: (d, o) => Plot.lineX(d as Plot.Data, o),
  lineY: (d, o) => Plot.lineY(d as Plot.Data, o),
  barX: (d, o) => Plot.barX(d as Plot.Data, o),
  barY: (d, o) => Plot.barY(d as Plot.Data, o),
  areaX: (d, o) => Plot.areaX(d as Plot.Data, o),
  areaY: (d, o) => Plot.areaY(d as Plot.Data, o),
  ruleX: (d, o) => Plot.ruleX(d as Plot.Data, o),
  ruleY: (d, o) => Plot.ruleY(d as Plot.Data, o),
  text: (d, o) => Plot.text(d as Plot.Data, o),
  tickX: (d, o) => Plot.tickX(d as Plot.Data, o),
  tickY: (d, o) => Plot.tickY(d as Plot.Data, o),
  rect: (d, o) => Plot.rect(d as Plot.Data, o),
  rectX: (d, o) => Plot.rectX(d as Plot.Data, o),
  rectY: (d, o) => Plot.rectY(d as Plot.Data, o),
  cell: (d, o) => Plot.cell(d as Plot.Data, o),
  link: (d, o) => Plot.link(d as Plot.Data, o),
  frame: (_d, o) => Plot.frame(o),
};

const COLOR_CHANNELS = new Set<Channel>(['fill', 'stroke']);
const POSITION = new Set<Channel>(['x', 'y', 'x1', 'x2', 'y1', 'y2']);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const CSS_COLOR =
  /^(?:#[0-9a-fA-F]{3,8}|currentColor|none|transparent|black|white|gray|grey|red|green|blue|orange|purple|steelblue|firebrick|darkred|crimson|tomato|gold|teal|navy|olive|brown|pink|silver|slategray|seagreen|darkgreen|darkblue|darkorange|goldenrod)$/;

/** True when a string is a colour a page may use as a constant fill or stroke. */
export function isColorConstant(s: string): boolean {
  return CSS_COLOR.test(s);
}

/**
 * Builds Plot options for `spec` over `results`. Returns the options and every
 * problem found (unknown result, unknown column, a mark with no data where a
 * column is named). With problems, `options` must not be rendered.
 */
export function buildPlotOptions(
  spec: ChartSpec,
  results: ReadonlyMap<string, ResultData>,
): { options: Record<string, unknown>; problems: ChartProblem[] } {
  const problems: ChartProblem[] = [];
  if (spec.data !== undefined && !results.has(spec.data))
    problems.push({ message: `unknown result \`${spec.data}\` (${known(results)})` });
  const marks = spec.marks.map((mark, i) => buildMark(mark, i, spec, results, problems));
  const options: Record<string, unknown> = {};
  for (const key of [
    'title',
    'subtitle',
    'caption',
    'width',
    'height',
    'margin',
    'marginTop',
    'marginRight',
    'marginBottom',
    'marginLeft',
    'grid',
    'inset',
  ] as const) {
    if (spec[key] !== undefined) options[key] = spec[key];
  }
  for (const scale of SCALES) {
    const s = spec[scale];
    if (!s) continue;
    const { legend: _legend, ...rest } = s;
    options[scale] = rest;
  }
  options.marks = marks;
  return { options, problems };
}

function known(results: ReadonlyMap<string, ResultData>): string {
  return results.size
    ? `results on this page: ${[...results.keys()].join(', ')}`
    : 'no SQL cells on this page';
}

function buildMark(
  mark: MarkSpec,
  index: number,
  spec: ChartSpec,
  results: ReadonlyMap<string, ResultData>,
  problems: ChartProblem[],
): Plot.Markish {
  const dataName = mark.data ?? spec.data;
  const result = dataName === undefined ? undefined : results.get(dataName);
  if (mark.data !== undefined && !result)
    problems.push({ mark: index, message: `unknown result \`${mark.data}\` (${known(results)})` });
  const columns = new Set(result?.columns ?? []);
  const options: Record<string, unknown> = {};
  const dateColumns = new Set<string>();
  for (const [key, value] of Object.entries(mark)) {
    if (key === 'type' || key === 'data' || value === undefined) continue;
    if (!(CHANNELS as readonly string[]).includes(key)) {
      options[key] = value;
      continue;
    }
    const channel = key as Channel;
    const column: string | undefined =
      typeof value === 'string' &&
      !(COLOR_CHANNELS.has(channel) && !columns.has(value) && isColorConstant(value))
        ? value
        : typeof value === 'object' && value !== null && 'column' in value
          ? String((value as { column: string }).column)
          : undefined;
    if (column !== undefined) {
      if (dataName === undefined)
        problems.push({
          mark: index,
          message: `${channel}: column \`${column}\` named but the chart has no data`,
        });
      else if (result && !columns.has(column))
        problems.push({
          mark: index,
          message: `${channel}: unknown column \`${column}\` in \`${dataName}\` (columns: ${[...columns].join(', ') || 'none'})`,
        });
      options[channel] = column;
      const scaleType = spec[channel.replace(/[12]$/, '') as 'x' | 'y']?.type;
      if (POSITION.has(channel) && !['band', 'point', 'ordinal', 'categorical'].includes(scaleType ?? ''))
        dateColumns.add(column);
      continue;
    }
    const constant =
      typeof value === 'object' && value !== null ? (value as { value: unknown }).value : value;
    options[channel] = constant;
  }
  const rows = result ? toPlotRows(result.rows, dateColumns) : [{}];
  for (const [channel, v] of Object.entries(options)) {
    // A string constant would be read by Plot as a field name: give it as an array.
    if (
      (CHANNELS as readonly string[]).includes(channel) &&
      typeof v === 'string' &&
      typeof mark[channel] === 'object' &&
      !COLOR_CHANNELS.has(channel as Channel)
    )
      options[channel] = rows.map(() => v);
  }
  return MARKS[mark.type](rows, options);
}

/** Copies rows, turning ISO date strings in positional columns into `Date`s. */
function toPlotRows(rows: Record<string, unknown>[], dateColumns: Set<string>): Record<string, unknown>[] {
  const dates = [...dateColumns].filter((c) => {
    const values = rows.map((r) => r[c]).filter((v) => v !== null && v !== undefined);
    return values.length > 0 && values.every((v) => typeof v === 'string' && ISO_DATE.test(v));
  });
  if (!dates.length) return rows;
  return rows.map((r) => {
    const out = { ...r };
    for (const c of dates) if (typeof out[c] === 'string') out[c] = utcDate(out[c] as string);
    return out;
  });
}

/** Whether the spec asks for a colour legend. */
export function wantsLegend(spec: ChartSpec): boolean {
  return spec.color?.legend === true;
}

/** An ISO date or time as a Date; a time without a zone is read as UTC (never the machine's zone). */
function utcDate(s: string): Date {
  const t = s.replace(' ', 'T');
  return new Date(t.length > 10 && !/(?:Z|[+-]\d{2}:?\d{2})$/.test(t) ? `${t}Z` : t);
}
