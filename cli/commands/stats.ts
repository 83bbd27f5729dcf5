import {
  attemptCrashRate,
  BINOMIAL_METHODS,
  type BinomialMethod,
  binomialInterval,
  fisherExact,
  fitScaling,
  formatPercent,
  moreTrialsToSafe,
  newcombeDifference,
  probABetter,
  SAFETY_PROCEDURES,
  type SafetyProcedure,
  type ScalingModel,
  safetyBoundary,
} from '../../analysis/stats/index.ts';
import { CliError, integerArg, numberArg } from '../args.ts';
import { type Command, JSON_OPTION } from '../command.ts';

type Values = Record<string, string | boolean | string[] | undefined>;
type Sub = 'ci' | 'compare' | 'rounds-needed' | 'boundary' | 'fit' | 'retry';

/** Options each sub-command accepts (besides --json); anything else is an error naming it. */
const ALLOWED: Record<Sub, string[]> = {
  ci: ['method', 'level', 'sided'],
  compare: ['level'],
  'rounds-needed': ['max-rate', 'confidence', 'failures', 'procedure'],
  boundary: ['threshold', 'confidence', 'max-rounds', 'procedure'],
  fit: ['model'],
  retry: ['max-attempts', 'retries', 'failed', 'level'],
};

const USAGE = `roundbook stats ci PASSED TOTAL [--method wilson|clopper-pearson|jeffreys|agresti-coull] [--level 0.95] [--sided one|two] [--json]
       roundbook stats compare PASS_A TOTAL_A PASS_B TOTAL_B [--level 0.95] [--json]
       roundbook stats rounds-needed --max-rate R [--confidence C] [--failures F] [--procedure always-valid|fixed-n] [--json]
       roundbook stats boundary --threshold R [--confidence C] --max-rounds N [--procedure always-valid|fixed-n] [--json]
       roundbook stats fit THREADS:THROUGHPUT... [--model usl|amdahl] [--json]
       roundbook stats retry --max-attempts A --retries R1,R2,... [--failed F] [--level 0.95] [--json]`;

const DETAILS = `--json output:
  ci             {"passed","total","rate","method","level","sided","lower","upper"}
                 (sided "two": [lower, upper] covers at level; "one": each bound alone holds at level,
                 as the verdict's bounds do — together they are the two-sided interval at 2·level − 1)
  compare        {"fisher":{"two_sided","greater","less"},"prob_a_better","risk_difference":{"estimate","lower","upper"}}
                 (greater/less: A's pass rate above/below B's; risk difference pA − pB, Newcombe hybrid score)
  rounds-needed  {"rounds","procedure"}
  boundary       [{"n","safe_max","unsafe_min"}] for n = 1 … max-rounds: the largest failure count at which the
                 procedure says SAFE after n rounds (null: none) and the smallest at which it says UNSAFE
--procedure: always-valid (default; the verdict's and the runner's: valid however often it is asked) or
fixed-n (one-sided Clopper-Pearson: valid only for rounds fixed in advance and looked at once).
  fit            {"model","lambda","sigma","kappa","r2","peak_threads"}   (σ, κ ≥ 0; peak_threads = √((1−σ)/κ),
                 null without a peak: κ = 0, or σ ≥ 1 where throughput falls from one thread on)
  retry          {"q","lower","upper","round_pass_probability"}
--retries lists, for each passing round, the crashed attempts before its pass; --failed counts rounds
that used all A attempts and crashed every time.
Examples:
  roundbook stats ci 17 20 --method clopper-pearson --json
  roundbook stats ci 0 299 --method clopper-pearson --sided one
  roundbook stats compare 18 20 20 20
  roundbook stats rounds-needed --max-rate 0.01 --confidence 0.95
  roundbook stats boundary --threshold 0.01 --confidence 0.95 --max-rounds 3000 --json
  roundbook stats fit 1:618.3 2:1025.7 4:959.9 8:726.1
  roundbook stats retry --max-attempts 3 --retries 2,2,2,2,2,0,0,0,0,0,0,0,0,0,0,0,0 --failed 3`;

function level(values: Values, name = 'level', fallback = 0.95): number {
  if (values[name] === undefined) return fallback;
  const x = numberArg(values[name], `--${name}`);
  if (!(x > 0 && x < 1))
    throw new CliError(`--${name}: expected a number in (0, 1), got ${String(values[name])}`);
  return x;
}

function count(value: unknown, name: string): number {
  if (value === undefined) throw new CliError(`missing ${name}`);
  return integerArg(value, name, 0);
}

function checkPositionals(args: string[], n: number, what: string): void {
  if (args.length !== n)
    throw new CliError(
      `expected ${n} numbers (${what}), got ${args.length}${args.length ? `: ${args.join(' ')}` : ''}`,
    );
}

function out(values: Values, json: unknown, line: string): number {
  process.stdout.write(values.json ? `${JSON.stringify(json)}\n` : `${line}\n`);
  return 0;
}

const f4 = (x: number) => Number(x.toFixed(4));
const pct = (x: number) => formatPercent(x);

function ci(args: string[], values: Values): number {
  checkPositionals(args, 2, 'PASSED TOTAL');
  const passed = count(args[0], 'PASSED');
  const total = integerArg(args[1], 'TOTAL', 1);
  if (passed > total) throw new CliError(`PASSED = ${passed} exceeds TOTAL = ${total}`);
  const method = (values.method ?? 'wilson') as string;
  if (!BINOMIAL_METHODS.includes(method as BinomialMethod))
    throw new CliError(
      `--method: expected one of ${BINOMIAL_METHODS.join(', ')}, got ${JSON.stringify(method)}`,
    );
  const lv = level(values);
  const sided = values.sided ?? 'two';
  if (sided !== 'one' && sided !== 'two')
    throw new CliError(`--sided: expected one or two, got ${JSON.stringify(sided)}`);
  if (sided === 'one' && !(lv > 0.5))
    throw new CliError(`--level: a one-sided bound needs a level above 0.5, got ${lv}`);
  // An equal-tailed interval at 2·level − 1 has each bound one-sided at level.
  const r = binomialInterval(passed, total, method as BinomialMethod, sided === 'one' ? 2 * lv - 1 : lv);
  return out(
    values,
    { passed, total, rate: r.estimate, method, level: lv, sided, lower: r.lower, upper: r.upper },
    sided === 'two'
      ? `${passed}/${total} = ${pct(r.estimate)}; ${pct(lv)} two-sided ${method} interval ${pct(r.lower)} – ${pct(r.upper)}`
      : `${passed}/${total} = ${pct(r.estimate)}; one-sided ${pct(lv)} ${method} bounds: rate ≥ ${pct(r.lower)}, rate ≤ ${pct(r.upper)} (each alone at ${pct(lv)}, as the verdict's)`,
  );
}

function compare(args: string[], values: Values): number {
  checkPositionals(args, 4, 'PASS_A TOTAL_A PASS_B TOTAL_B');
  const [pa, ta, pb, tb] = [
    count(args[0], 'PASS_A'),
    integerArg(args[1], 'TOTAL_A', 1),
    count(args[2], 'PASS_B'),
    integerArg(args[3], 'TOTAL_B', 1),
  ];
  if (pa > ta) throw new CliError(`PASS_A = ${pa} exceeds TOTAL_A = ${ta}`);
  if (pb > tb) throw new CliError(`PASS_B = ${pb} exceeds TOTAL_B = ${tb}`);
  const lv = level(values);
  const f = fisherExact([
    [pa, ta - pa],
    [pb, tb - pb],
  ]);
  const post = probABetter(pa, ta, pb, tb);
  const rd = newcombeDifference(pa, ta, pb, tb, lv);
  return out(
    values,
    {
      fisher: { two_sided: f.twoSided, greater: f.greater, less: f.less },
      prob_a_better: post,
      risk_difference: { estimate: rd.estimate, lower: rd.lower, upper: rd.upper },
    },
    `A ${pa}/${ta} vs B ${pb}/${tb}: Fisher p = ${f4(f.twoSided)} (two-sided), ${f4(f.greater)} (A better), ${f4(f.less)} (A worse); P(A better) = ${f4(post)}; difference ${pct(rd.estimate)} (${pct(lv)} Newcombe ${pct(rd.lower)} – ${pct(rd.upper)})`,
  );
}

function procedureOf(values: Values): SafetyProcedure {
  const p = (values.procedure ?? 'always-valid') as string;
  if (!(SAFETY_PROCEDURES as readonly string[]).includes(p))
    throw new CliError(`--procedure: expected ${SAFETY_PROCEDURES.join(' or ')}, got ${JSON.stringify(p)}`);
  return p as SafetyProcedure;
}

function rate(values: Values, name: string, example: string): number {
  if (values[name] === undefined) throw new CliError(`missing --${name} R (e.g. --${name} ${example})`);
  const r = numberArg(values[name], `--${name}`);
  if (!(r > 0 && r < 1))
    throw new CliError(`--${name}: expected a number in (0, 1), got ${String(values[name])}`);
  return r;
}

function needed(args: string[], values: Values): number {
  if (args.length) throw new CliError(`unexpected argument ${JSON.stringify(args[0])} (use --max-rate R)`);
  const r = rate(values, 'max-rate', '0.01');
  const c = level(values, 'confidence');
  const failures = values.failures === undefined ? 0 : count(values.failures, '--failures');
  const procedure = procedureOf(values);
  // Rounds in all, every one after the failures passing, to say SAFE by the procedure.
  const rounds = failures + moreTrialsToSafe(failures, failures, { threshold: r, confidence: c, procedure });
  return out(
    values,
    { rounds, procedure },
    `${rounds} rounds with at most ${failures} failure${failures === 1 ? '' : 's'} show a failure rate below ${pct(r)} at ${pct(c)} confidence (${procedure}${procedure === 'always-valid' ? ': valid however often it is checked' : ': valid for rounds fixed in advance, looked at once'})`,
  );
}

function boundary(args: string[], values: Values): number {
  if (args.length) throw new CliError(`unexpected argument ${JSON.stringify(args[0])}`);
  const threshold = rate(values, 'threshold', '0.01');
  const confidence = level(values, 'confidence');
  if (values['max-rounds'] === undefined)
    throw new CliError('missing --max-rounds N (e.g. --max-rounds 3000)');
  const max = integerArg(values['max-rounds'], '--max-rounds', 1);
  if (max > 1_000_000) throw new CliError(`--max-rounds: at most 1000000, got ${max}`);
  const procedure = procedureOf(values);
  const rows = safetyBoundary(max, { threshold, confidence, procedure });
  if (values.json) {
    process.stdout.write(`${JSON.stringify(rows)}\n`);
    return 0;
  }
  const lines = [
    `${procedure} procedure, failure rate ${pct(threshold)} at ${pct(confidence)} confidence: SAFE at ≤ safe_max failures, UNSAFE at ≥ unsafe_min`,
    'n\tsafe_max\tunsafe_min',
  ];
  // The table changes only where a boundary moves: print those rows (and the last).
  rows.forEach((r, i) => {
    const prev = rows[i - 1];
    if (!prev || prev.safe_max !== r.safe_max || prev.unsafe_min !== r.unsafe_min || i === rows.length - 1)
      lines.push(`${r.n}\t${r.safe_max ?? '—'}\t${r.unsafe_min ?? '—'}`);
  });
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

function fit(args: string[], values: Values): number {
  if (args.length === 0)
    throw new CliError('give points as THREADS:THROUGHPUT, e.g. 1:618.3 2:1025.7 4:959.9 8:726.1');
  const points = args.map((a) => {
    const m = /^([^:]+):([^:]+)$/.exec(a);
    const threads = m ? Number(m[1]) : Number.NaN;
    const throughput = m ? Number(m[2]) : Number.NaN;
    if (!m || !Number.isFinite(threads) || threads < 1 || !Number.isFinite(throughput) || m[2].trim() === '')
      throw new CliError(
        `point ${JSON.stringify(a)}: expected THREADS:THROUGHPUT with THREADS ≥ 1, e.g. 8:726.1`,
      );
    return { threads, throughput };
  });
  const model = (values.model ?? 'usl') as string;
  if (model !== 'usl' && model !== 'amdahl')
    throw new CliError(`--model: expected usl or amdahl, got ${JSON.stringify(model)}`);
  const r = fitScaling(points, { model: model as ScalingModel });
  if (!r.converged) throw new CliError(`the ${model} fit did not converge: no parameters reported`, 1);
  for (const w of r.warnings) process.stderr.write(`warning: ${w}\n`);
  const { lambda, sigma, kappa } = r.params;
  const peak =
    r.peakThreads !== null
      ? `peak at N* = ${r.peakThreads.toFixed(2)} threads (best integer ${r.bestThreads})`
      : r.bestThreads === 1
        ? 'no peak: throughput falls from one thread on (σ ≥ 1)'
        : 'no peak (throughput keeps rising)';
  return out(
    values,
    { model, lambda, sigma, kappa, r2: r.r2, peak_threads: r.peakThreads },
    `${model}: λ = ${lambda.toPrecision(6)}, σ = ${sigma.toPrecision(4)}, κ = ${kappa.toPrecision(4)}, R² = ${r.r2.toFixed(4)}; ${peak}`,
  );
}

function retry(args: string[], values: Values): number {
  if (args.length) throw new CliError(`unexpected argument ${JSON.stringify(args[0])}`);
  if (values['max-attempts'] === undefined) throw new CliError('missing --max-attempts A');
  const A = integerArg(values['max-attempts'], '--max-attempts', 1);
  if (values.retries === undefined)
    throw new CliError('missing --retries R1,R2,... (crashed attempts before each pass)');
  const text = String(values.retries).trim();
  const retries = text === '' ? [] : text.split(',').map((s) => integerArg(s.trim(), '--retries value', 0));
  for (const r of retries)
    if (r >= A)
      throw new CliError(
        `--retries value ${r}: a passing round has at most ${A - 1} crashed attempts (A = ${A})`,
      );
  const failed = values.failed === undefined ? 0 : count(values.failed, '--failed');
  if (retries.length + failed === 0)
    throw new CliError('no rounds: give --retries for passing rounds or --failed');
  const lv = level(values);
  const r = attemptCrashRate({ maxAttempts: A, retries, failed }, lv);
  return out(
    values,
    { q: r.q.estimate, lower: r.q.lower, upper: r.q.upper, round_pass_probability: r.roundPass.estimate },
    `${r.crashedAttempts} of ${r.attempts} attempts crashed: per-attempt crash rate q = ${pct(r.q.estimate)} (${pct(lv)} Wilson ${pct(r.q.lower)} – ${pct(r.q.upper)}); implied round pass probability 1 − q^${A} = ${pct(r.roundPass.estimate)} (${r.passedRounds}/${r.rounds} rounds passed)`,
  );
}

const RUN: Record<Sub, (args: string[], values: Values) => number> = {
  ci,
  compare,
  'rounds-needed': needed,
  boundary,
  fit,
  retry,
};

export const statsCommand: Command = {
  name: 'stats',
  summary: 'Statistics on numbers given on the command line: intervals, comparisons, planning, fits, retries',
  usage: USAGE,
  options: {
    ...JSON_OPTION,
    method: {
      type: 'string',
      description: 'ci: wilson | clopper-pearson | jeffreys | agresti-coull (default wilson)',
    },
    level: { type: 'string', description: 'ci, compare, retry: interval level in (0, 1) (default 0.95)' },
    sided: {
      type: 'string',
      description:
        'ci: two (an interval covering at the level, the default) or one (each bound alone at the level)',
    },
    'max-rate': { type: 'string', description: 'rounds-needed: crash rate to show we are below, in (0, 1)' },
    confidence: {
      type: 'string',
      description: 'rounds-needed, boundary: confidence in (0, 1) (default 0.95)',
    },
    threshold: {
      type: 'string',
      description: 'boundary: the failure rate a safe build stays below, in (0, 1)',
    },
    'max-rounds': { type: 'string', description: 'boundary: the largest n to list' },
    procedure: {
      type: 'string',
      description: 'rounds-needed, boundary: always-valid (default) | fixed-n',
    },
    failures: { type: 'string', description: 'rounds-needed: failures seen (default 0)' },
    model: { type: 'string', description: 'fit: usl | amdahl (default usl)' },
    'max-attempts': { type: 'string', description: 'retry: attempts allowed per round (A)' },
    retries: { type: 'string', description: 'retry: crashed attempts before each pass, comma-separated' },
    failed: { type: 'string', description: 'retry: rounds that crashed on all A attempts (default 0)' },
  },
  details: DETAILS,
  async run(positionals, values) {
    const [sub, ...args] = positionals;
    if (!sub) throw new CliError(`give a sub-command: ${Object.keys(RUN).join(', ')}`);
    if (!Object.hasOwn(RUN, sub))
      throw new CliError(
        `unknown sub-command ${JSON.stringify(sub)} (expected ${Object.keys(RUN).join(', ')})`,
      );
    const allowed = ALLOWED[sub as Sub];
    for (const [name, v] of Object.entries(values)) {
      if (name === 'json' || v === undefined) continue;
      if (!allowed.includes(name)) throw new CliError(`--${name} does not apply to stats ${sub}`);
    }
    try {
      return RUN[sub as Sub](args, values);
    } catch (err) {
      if (err instanceof RangeError) throw new CliError(err.message);
      throw err;
    }
  },
};
