/**
 * The campaign file's schema (zod). `loadCampaign` (runner/campaign.ts) turns
 * its issues into messages naming file, line and field; defaults live here so
 * that a minimal campaign (`command` + `configs`) is complete.
 */
import { z } from 'zod';
import { ORDERS } from '../store/roundLog.ts';
import { canonicalSignal } from './spawn/index.ts';

/** Seconds as a number, or a string such as `500ms`, `6s`, `2m`, `1h`. */
export const durationSeconds = z.union([z.number().nonnegative(), z.string()]).transform((v, ctx) => {
  if (typeof v === 'number') return v;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(v);
  if (!m) {
    ctx.addIssue({
      code: 'custom',
      message: `not a duration: ${JSON.stringify(v)} (use 90, "90s", "500ms", "2m")`,
    });
    return z.NEVER;
  }
  const scale = { ms: 0.001, s: 1, m: 60, h: 3600 }[m[2] ?? 's'] ?? 1;
  return Number(m[1]) * scale;
});

const envMap = z.record(
  z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'environment variable names are letters, digits and _'),
  z.union([z.string(), z.number(), z.boolean()]).transform(String),
);

const labels = z.strictObject({
  fix_variant: z.string().nullable().default(null),
  torch_version: z.union([z.string(), z.number()]).transform(String).nullable().default(null),
  threads: z.number().int().positive().nullable().default(null),
  /** Which test the command runs (`complete_story`, `torch_story`, …), so its rounds never pool with another test's. */
  workload: z.string().nullable().default(null),
  /** How the test serialises its GPU work: `none`, `python_lock`, `semaphore(1)`, `graph_path`, … */
  serialised: z.string().nullable().default(null),
});

const config = z.strictObject({
  env: envMap.default({}),
  args: z.array(z.union([z.string(), z.number()]).transform(String)).default([]),
  labels: labels.default({
    fix_variant: null,
    torch_version: null,
    threads: null,
    workload: null,
    serialised: null,
  }),
  /** Overrides the campaign's `rounds` for this configuration. */
  rounds: z.number().int().positive().optional(),
});

/** A signal name; an alias (SIGIOT, SIGPOLL) is read as its canonical name, the one attempts record. */
const signalName = z
  .string()
  .regex(/^SIG[A-Z0-9]+$/, 'a signal name such as SIGSEGV')
  .transform(canonicalSignal);

const retry = z.strictObject({
  attempts: z.number().int().min(1).max(100).default(1),
  on_signals: z.array(signalName).default(['SIGSEGV']),
  on_exit_codes: z.array(z.number().int()).default([139]),
  pause: durationSeconds.default(2),
});

const pass = z.strictObject({
  exit_code: z.number().int().default(0),
  must_contain: z.array(z.string().min(1)).default([]),
  must_not_contain: z.array(z.string().min(1)).default([]),
  strict: z.boolean().default(false),
});

const regexText = z.string().superRefine((v, ctx) => {
  try {
    new RegExp(v);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `invalid regular expression: ${(err as Error).message}` });
  }
});

const crashReports = z.strictObject({
  folders: z.array(z.string()).optional(),
  patterns: z.array(z.string()).default(['*Python*.ips', '*python*.crash']),
  content: regexText.default('Python|AGX|Metal|mps|torch'),
  settle: durationSeconds.default(6),
});

const metricRegex = z.strictObject({
  pattern: regexText.refine((v) => /\(\?<[A-Za-z_]\w*>/.test(v), 'needs at least one named group (?<name>…)'),
  stream: z.enum(['stdout', 'stderr', 'both']).default('both'),
  unit: z.string().optional(),
});

const metrics = z.strictObject({
  regex: z.array(metricRegex).default([]),
  thread_table: z.boolean().default(true),
  json: z
    .strictObject({
      file: z.string().min(1),
      keys: z.record(z.string(), z.string().min(1)),
    })
    .optional(),
});

const probe = z.strictObject({
  command: z.array(z.string()).min(1),
  timeout: durationSeconds.default(60),
});

const stop = z.discriminatedUnion('rule', [
  z.strictObject({ rule: z.literal('fixed') }),
  z.strictObject({
    rule: z.literal('always-valid'),
    /** The failure rate a safe configuration must be shown to stay below. */
    threshold: z.number().gt(0).lt(1).default(0.01),
    confidence: z.number().gt(0.5).lt(1).default(0.95),
    min_rounds: z.number().int().min(0).default(0),
  }),
  z
    .object({ rule: z.literal('sprt') })
    .passthrough()
    .superRefine((_, ctx) =>
      ctx.addIssue({
        code: 'custom',
        path: ['rule'],
        message:
          'the SPRT stop rule is retired: it stopped before the verdict could say SAFE. Write ' +
          'stop: {rule: always-valid, threshold: 0.01, confidence: 0.95} — the runner then stops a ' +
          'configuration exactly when `roundbook verdict` is decided',
      }),
    ),
]);

const shardText = z.string().regex(/^\d+\/\d+$/, 'write a shard as I/N, e.g. 1/3');

export const campaignSchema = z.strictObject({
  campaign: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a campaign name is letters, digits, . _ -')
    .optional(),
  description: z.string().optional(),
  command: z.union([z.array(z.union([z.string(), z.number()]).transform(String)).min(1), z.string().min(1)]),
  shell: z.boolean().default(false),
  cwd: z.string().default('.'),
  env: envMap.default({}),
  timeout: durationSeconds.default(600),
  configs: z
    .record(
      z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a config name is letters, digits, . _ -'),
      config,
    )
    .refine((c) => Object.keys(c).length > 0, 'at least one configuration'),
  rounds: z.number().int().positive().default(10),
  order: z.enum(ORDERS).default('interleaved'),
  seed: z.number().int().nonnegative().optional(),
  retry: retry.default({ attempts: 1, on_signals: ['SIGSEGV'], on_exit_codes: [139], pause: 2 }),
  pass: pass.default({ exit_code: 0, must_contain: [], must_not_contain: [], strict: false }),
  crash_reports: crashReports.optional(),
  metrics: metrics.default({ regex: [], thread_table: true }),
  probe: probe.optional(),
  shard: shardText.optional(),
  stop: stop.default({ rule: 'fixed' }),
});

/** A campaign file as written (before defaults). */
export type CampaignInput = z.input<typeof campaignSchema>;
/** A validated campaign section tree with defaults applied. */
export type CampaignSpec = z.output<typeof campaignSchema>;
export type ConfigSpec = CampaignSpec['configs'][string];
export type RetrySpec = CampaignSpec['retry'];
export type PassSpec = CampaignSpec['pass'];
export type CrashReportSpec = z.output<typeof crashReports>;
export type MetricsSpec = CampaignSpec['metrics'];
export type StopSpec = CampaignSpec['stop'];
