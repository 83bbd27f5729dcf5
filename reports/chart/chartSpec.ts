/**
 * The declarative chart language of chart cells: YAML naming a result and a
 * list of Observable Plot marks, with Plot's scale options. No page code runs:
 * only the mark types, channels and options listed here are accepted.
 *
 * ```chart throughput
 * data: scaling
 * title: Throughput by threads
 * x: {label: Threads, type: log}
 * y: {label: Ops/s, zero: true}
 * color: {legend: true}
 * marks:
 *   - {type: line, x: threads, y: throughput, stroke: config}
 *   - {type: dot, x: threads, y: throughput, fill: config}
 *   - {type: ruleY, y: 0}
 * ```
 */
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import type { PageError } from '../errors.ts';

/** Every mark type a chart may use (a Plot mark function of the same name). */
export const MARK_TYPES = [
  'dot',
  'line',
  'lineX',
  'lineY',
  'barX',
  'barY',
  'areaX',
  'areaY',
  'ruleX',
  'ruleY',
  'text',
  'tickX',
  'tickY',
  'rect',
  'rectX',
  'rectY',
  'cell',
  'link',
  'frame',
] as const;
export type MarkType = (typeof MARK_TYPES)[number];

/** Options whose value is a channel: a column name, `{column}`, `{value}` or a number. */
export const CHANNELS = [
  'x',
  'y',
  'x1',
  'x2',
  'y1',
  'y2',
  'z',
  'fill',
  'stroke',
  'r',
  'text',
  'title',
  'fx',
  'fy',
  'symbol',
  'opacity',
  'fillOpacity',
  'strokeOpacity',
  'strokeWidth',
  'rotate',
  'fontSize',
] as const;
export type Channel = (typeof CHANNELS)[number];

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const channelValue = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.object({ column: z.string() }).strict(),
  z.object({ value: scalar }).strict(),
]);
export type ChannelValue = z.infer<typeof channelValue>;

const markShape: Record<string, z.ZodType> = {
  type: z.enum(MARK_TYPES),
  data: z.string().optional(),
  curve: z
    .enum([
      'linear',
      'step',
      'step-after',
      'step-before',
      'basis',
      'cardinal',
      'catmull-rom',
      'monotone-x',
      'natural',
    ])
    .optional(),
  marker: z
    .union([z.boolean(), z.enum(['dot', 'circle', 'circle-stroke', 'arrow', 'tick', 'tick-x', 'tick-y'])])
    .optional(),
  strokeDasharray: z.union([z.string().regex(/^[\d.,\s]+$/), z.number()]).optional(),
  strokeLinecap: z.enum(['butt', 'round', 'square']).optional(),
  dx: z.number().optional(),
  dy: z.number().optional(),
  textAnchor: z.enum(['start', 'middle', 'end']).optional(),
  lineAnchor: z.enum(['top', 'middle', 'bottom']).optional(),
  frameAnchor: z
    .enum([
      'middle',
      'top',
      'right',
      'bottom',
      'left',
      'top-left',
      'top-right',
      'bottom-left',
      'bottom-right',
    ])
    .optional(),
  fontWeight: z.union([z.number(), z.enum(['normal', 'bold'])]).optional(),
  // Text marks: the room a label has, in ems, and how a longer one is cut (Plot's own options).
  lineWidth: z.number().positive().optional(),
  textOverflow: z
    .enum(['clip', 'ellipsis', 'clip-start', 'clip-end', 'ellipsis-start', 'ellipsis-middle', 'ellipsis-end'])
    .optional(),
  inset: z.number().optional(),
  insetLeft: z.number().optional(),
  insetRight: z.number().optional(),
  insetTop: z.number().optional(),
  insetBottom: z.number().optional(),
  interval: z.union([z.number().positive(), z.enum(['day', 'week', 'month', 'year', 'hour'])]).optional(),
};
for (const c of CHANNELS) markShape[c] = channelValue.optional();
const markSchema = z.object(markShape).strict();

const scaleSchema = z
  .object({
    type: z
      .enum([
        'linear',
        'log',
        'sqrt',
        'pow',
        'symlog',
        'time',
        'utc',
        'point',
        'band',
        'ordinal',
        'categorical',
      ])
      .optional(),
    label: z.union([z.string(), z.null()]).optional(),
    domain: z.array(scalar).optional(),
    range: z.array(scalar).optional(),
    grid: z.boolean().optional(),
    zero: z.boolean().optional(),
    nice: z.union([z.boolean(), z.number()]).optional(),
    percent: z.boolean().optional(),
    reverse: z.boolean().optional(),
    clamp: z.boolean().optional(),
    tickFormat: z.string().optional(),
    ticks: z.number().int().positive().optional(),
    tickRotate: z.number().optional(),
    base: z.number().positive().optional(),
    exponent: z.number().optional(),
    inset: z.number().optional(),
    padding: z.number().min(0).max(1).optional(),
    legend: z.boolean().optional(),
    scheme: z
      .string()
      .regex(/^[A-Za-z0-9]+$/)
      .optional(),
    axis: z.union([z.enum(['top', 'bottom', 'left', 'right', 'both']), z.null()]).optional(),
  })
  .strict();

const specSchema = z
  .object({
    data: z.string().optional(),
    title: z.string().optional(),
    subtitle: z.string().optional(),
    caption: z.string().optional(),
    width: z.number().min(100).max(2000).optional(),
    height: z.number().min(50).max(2000).optional(),
    margin: z.number().min(0).optional(),
    marginTop: z.number().min(0).optional(),
    marginRight: z.number().min(0).optional(),
    marginBottom: z.number().min(0).optional(),
    marginLeft: z.number().min(0).optional(),
    grid: z.boolean().optional(),
    inset: z.number().optional(),
    x: scaleSchema.optional(),
    y: scaleSchema.optional(),
    color: scaleSchema.optional(),
    r: scaleSchema.optional(),
    symbol: scaleSchema.optional(),
    opacity: scaleSchema.optional(),
    fx: scaleSchema.optional(),
    fy: scaleSchema.optional(),
    marks: z.array(markSchema).min(1),
  })
  .strict();

/** One mark: its type, optional own data and its options. */
export type MarkSpec = { type: MarkType; data?: string } & Partial<Record<Channel, ChannelValue>> &
  Record<string, unknown>;

/** A validated chart spec. */
export type ChartSpec = Omit<z.infer<typeof specSchema>, 'marks'> & { marks: MarkSpec[] };

/** The names of the scale options a spec may carry. */
export const SCALES = ['x', 'y', 'color', 'r', 'symbol', 'opacity', 'fx', 'fy'] as const;

/**
 * Parses and validates a chart cell's YAML (which starts at file line
 * `bodyLine`). Errors name the line of the offending key; never throws.
 */
export function parseChartSpec(
  source: string,
  bodyLine: number,
  file: string,
  chart: string,
): { spec?: ChartSpec; markLines: number[]; dataLine?: number; errors: PageError[] } {
  const counter = new LineCounter();
  const doc = parseDocument(source, { lineCounter: counter, prettyErrors: false });
  const lineOf = (offset: number) => bodyLine + counter.linePos(offset).line - 1;
  const errors: PageError[] = doc.errors.map((e) => ({
    file,
    line: e.pos ? lineOf(e.pos[0]) : bodyLine,
    message: `chart \`${chart}\`: YAML: ${e.message.split('\n')[0]}`,
  }));
  if (errors.length) return { markLines: [], errors };
  const value = doc.toJS();
  const parsed = specSchema.safeParse(value);
  if (parsed.success) {
    const marks = doc.get('marks', true) as { items?: { range?: [number] }[] } | undefined;
    const markLines = parsed.data.marks.map((_, i) => {
      const r = marks?.items?.[i]?.range;
      return r ? lineOf(r[0]) : bodyLine;
    });
    const data = findPair(doc, [], 'data');
    return {
      spec: parsed.data as ChartSpec,
      markLines,
      dataLine: data === undefined ? undefined : lineOf(data),
      errors,
    };
  }
  for (const issue of parsed.error.issues) {
    const path = issue.path as (string | number)[];
    const keys = issue.code === 'unrecognized_keys' ? (issue as { keys: string[] }).keys : [];
    const target = keys.length ? [...path, keys[0]] : path;
    let line = bodyLine;
    for (let n = target.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : (doc.getIn(target.slice(0, n), true) as unknown);
      const range = (node as { range?: [number] } | null)?.range;
      if (range) {
        line = lineOf(range[0]);
        break;
      }
    }
    if (keys.length) {
      // The key itself, not its value.
      const pair = findPair(doc, path, keys[0]);
      if (pair !== undefined) line = lineOf(pair);
    }
    const where = path.length ? `${path.join('.')}: ` : '';
    errors.push({ file, line, message: `chart \`${chart}\`: ${where}${issue.message}` });
  }
  return { markLines: [], errors };
}

function findPair(
  doc: ReturnType<typeof parseDocument>,
  path: (string | number)[],
  key: string,
): number | undefined {
  const map = (path.length ? doc.getIn(path, true) : doc.contents) as {
    items?: { key?: { value?: unknown; range?: [number] } }[];
  } | null;
  return map?.items?.find((p) => p.key?.value === key)?.key?.range?.[0];
}
