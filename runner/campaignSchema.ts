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
  fix_variant: z
    .string()
    .nullable()
    .default(null)
    .describe('The workaround in use: `native` (none), or the dylib version (`v2.9`, `v2.4_nr`).'),
  torch_version: z
    .union([z.string(), z.number()])
    .transform(String)
    .nullable()
    .default(null)
    .describe(
      'The PyTorch version under test (`2.9.1`, or a build such as `2.9.1a0+git8cfbcc8`); quote it in YAML.',
    ),
  threads: z
    .number()
    .int()
    .positive()
    .nullable()
    .default(null)
    .describe('How many threads the test runs at.'),
  /** Which test the command runs (`complete_story`, `torch_story`, …), so its rounds never pool with another test's. */
  workload: z
    .string()
    .nullable()
    .default(null)
    .describe(
      "Which test the command runs (`complete_story`, `torch_story`, …), so its rounds never pool with another test's.",
    ),
  /** How the test serialises its GPU work: `none`, `python_lock`, `semaphore(1)`, `graph_path`, … */
  serialised: z
    .string()
    .nullable()
    .default(null)
    .describe(
      'How the test serialises its GPU work: `none`, `python_lock`, `semaphore(1)`, `graph_path`, …; a serialised run never answers the unserialised question.',
    ),
});

const config = z.strictObject({
  env: envMap
    .default({})
    .describe("Environment variables of this configuration's runs, over the campaign's `env`."),
  args: z
    .array(z.union([z.string(), z.number()]).transform(String))
    .default([])
    .describe('Arguments appended to `command` for this configuration.'),
  labels: labels
    .default({
      fix_variant: null,
      torch_version: null,
      threads: null,
      workload: null,
      serialised: null,
    })
    .describe(
      'What the configuration is, for the verdicts: rounds of configurations whose labels differ never pool.',
    ),
  /** Overrides the campaign's `rounds` for this configuration. */
  rounds: z
    .number()
    .int()
    .positive()
    .optional()
    .describe("Rounds of this configuration (overrides the campaign's `rounds`)."),
});

/** A signal name; an alias (SIGIOT, SIGPOLL) is read as its canonical name, the one attempts record. */
const signalName = z
  .string()
  .regex(/^SIG[A-Z0-9]+$/, 'a signal name such as SIGSEGV')
  .transform(canonicalSignal);

const retry = z.strictObject({
  attempts: z
    .number()
    .int()
    .min(1)
    .max(100)
    .default(1)
    .describe("Attempts per round (the team's retry wrapper); 1 measures the raw per-run rate."),
  on_signals: z.array(signalName).default(['SIGSEGV']).describe('Signals that end an attempt with a retry.'),
  on_exit_codes: z
    .array(z.number().int())
    .default([139])
    .describe('Exit codes that end an attempt with a retry.'),
  pause: durationSeconds.default(2).describe('Wait between a failed attempt and the next.'),
});

const pass = z.strictObject({
  exit_code: z.number().int().default(0).describe('The exit code of a passing attempt.'),
  must_contain: z
    .array(z.string().min(1))
    .default([])
    .describe("Texts a passing attempt's output must contain."),
  must_not_contain: z
    .array(z.string().min(1))
    .default([])
    .describe("Texts a passing attempt's output must not contain."),
  strict: z.boolean().default(false).describe('An attempt that passes but leaves a new crash report fails.'),
});

const regexText = z.string().superRefine((v, ctx) => {
  try {
    new RegExp(v);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `invalid regular expression: ${(err as Error).message}` });
  }
});

const crashReports = z.strictObject({
  folders: z
    .array(z.string())
    .optional()
    .describe(
      "Folders watched for crash reports (`~` expands); default macOS's DiagnosticReports folders, none elsewhere.",
    ),
  patterns: z
    .array(z.string())
    .default(['*Python*.ips', '*python*.crash'])
    .describe('File name patterns of the crash reports to take.'),
  content: regexText
    .default('Python|AGX|Metal|mps|torch')
    .describe("A regular expression a report's text must match to be the workload's."),
  settle: durationSeconds
    .default(6)
    .describe('How long after an attempt exits new reports are still taken as its own.'),
});

const metricRegex = z.strictObject({
  pattern: regexText
    .refine((v) => /\(\?<[A-Za-z_]\w*>/.test(v), 'needs at least one named group (?<name>…)')
    .describe(
      'A regular expression over the output; each named group (`(?<name>…)`) is a metric, `threads` its thread count.',
    ),
  stream: z.enum(['stdout', 'stderr', 'both']).default('both').describe('Which output the pattern reads.'),
  unit: z.string().optional().describe("The metrics' unit."),
});

const metrics = z.strictObject({
  regex: z.array(metricRegex).default([]).describe('Metrics read from the output by regular expressions.'),
  thread_table: z
    .boolean()
    .default(true)
    .describe("Read the suite's table of throughput per thread count from the output into `scaling`."),
  json: z
    .strictObject({
      file: z.string().min(1).describe('The JSON file the command writes (relative to `cwd`).'),
      keys: z
        .record(z.string(), z.string().min(1))
        .describe('Metric name → dotted path in the file (`results.thread_safety.passed`).'),
    })
    .optional()
    .describe('Metrics read from a JSON file the command writes after each attempt.'),
});

const probe = z.strictObject({
  command: z.array(z.string()).min(1).describe('The command and its arguments.'),
  timeout: durationSeconds.default(60).describe('How long the probe may run.'),
});

const stop = z.discriminatedUnion('rule', [
  z
    .strictObject({ rule: z.literal('fixed').describe('Run every planned round.') })
    .describe('Run every planned round.'),
  z
    .strictObject({
      rule: z
        .literal('always-valid')
        .describe('Stop a configuration once `roundbook verdict` is decided for it (SAFE or UNSAFE).'),
      /** The failure rate a safe configuration must be shown to stay below. */
      threshold: z
        .number()
        .gt(0)
        .lt(1)
        .default(0.01)
        .describe('The failure rate a safe configuration must be shown to stay below.'),
      confidence: z.number().gt(0.5).lt(1).default(0.95).describe('The confidence of the decision (1 − α).'),
      min_rounds: z
        .number()
        .int()
        .min(0)
        .default(0)
        .describe('Rounds run before the rule may stop a configuration.'),
    })
    .describe('Stop a configuration exactly when its verdict is decided.'),
  z
    .object({ rule: z.literal('sprt').describe('Retired: write `always-valid`.') })
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
    .optional()
    .describe("The campaign's name: its logs go to `<logs>/<campaign>/`; default the file's name."),
  description: z.string().optional().describe('What the campaign measures, in words (kept in the log).'),
  command: z
    .union([z.array(z.union([z.string(), z.number()]).transform(String)).min(1), z.string().min(1)])
    .describe(
      'The command a round runs: a list (program and arguments, no shell), or one string (with `shell: true`).',
    ),
  shell: z.boolean().default(false).describe('Run `command` through `/bin/sh -c`.'),
  cwd: z
    .string()
    .default('.')
    .describe("The command's working directory, relative to where `roundbook run` is started."),
  env: envMap.default({}).describe('Environment variables of every run (a configuration adds its own).'),
  timeout: durationSeconds
    .default(600)
    .describe(
      'An attempt running longer is killed and counted a timeout (a failure): seconds, or `90s`, `10m`, `1h`.',
    ),
  configs: z
    .record(
      z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a config name is letters, digits, . _ -'),
      config,
    )
    .refine((c) => Object.keys(c).length > 0, 'at least one configuration')
    .describe('The configurations compared, by name (at least one).'),
  rounds: z.number().int().positive().default(10).describe('Rounds per configuration.'),
  order: z
    .enum(ORDERS)
    .default('interleaved')
    .describe(
      'The order of rounds: `interleaved` (A B A B), `randomized` (randomised blocks, the seed logged) or `blocked` (A A B B).',
    ),
  seed: z
    .number()
    .int()
    .nonnegative()
    .optional()
    .describe('The seed of a `randomized` order (default: drawn and written to the log).'),
  retry: retry
    .default({ attempts: 1, on_signals: ['SIGSEGV'], on_exit_codes: [139], pause: 2 })
    .describe('When an attempt is retried within its round (the wrapper); every attempt is recorded.'),
  pass: pass
    .default({ exit_code: 0, must_contain: [], must_not_contain: [], strict: false })
    .describe('What makes an attempt pass; anything else is a crash (signal), timeout or fail.'),
  crash_reports: crashReports
    .optional()
    .describe('Crash reports to capture after each attempt and link to it; without this key none are taken.'),
  metrics: metrics
    .default({ regex: [], thread_table: true })
    .describe("Numbers read from each attempt's output or files (efficiency, throughput per thread count)."),
  probe: probe
    .optional()
    .describe('A command run once before the rounds; its output (versions, machine) is kept in the log.'),
  shard: shardText
    .optional()
    .describe('`I/N`: this machine runs the I-th of N interleaved shares of the plan (or `--shard`).'),
  stop: stop
    .default({ rule: 'fixed' })
    .describe(
      'When a configuration stops: `fixed` (every planned round) or `always-valid` (once its verdict is decided).',
    ),
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
