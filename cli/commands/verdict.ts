import type { VerdictRequest } from '../../analysis/derive/index.ts';
import { answerVerdict } from '../answerVerdict.ts';
import { CliError, numberArg } from '../args.ts';
import { type Command, DB_OPTION, JSON_OPTION } from '../command.ts';
import { exitForAnswer, FAIL_ON_OPTION, parseFailOn } from '../failOn.ts';
import { openExistingDb } from '../openExistingDb.ts';
import { printVerdict } from '../printVerdict.ts';
import { terminalJson } from '../terminalText.ts';

export const VERDICT_OPTIONS = {
  ...DB_OPTION,
  ...JSON_OPTION,
  'max-crash-rate': {
    type: 'string',
    default: '0.01',
    description: 'crash rate a safe build must stay below',
  },
  confidence: { type: 'string', default: '0.95', description: 'one-sided confidence of the bounds' },
  ...FAIL_ON_OPTION,
} as const;

export function requestFrom(
  values: Record<string, unknown>,
  base: Partial<VerdictRequest> = {},
): VerdictRequest {
  const maxCrashRate = numberArg(values['max-crash-rate'], '--max-crash-rate');
  const confidence = numberArg(values.confidence, '--confidence');
  if (!(maxCrashRate > 0 && maxCrashRate < 1))
    throw new CliError(`--max-crash-rate must be in (0, 1), got ${maxCrashRate}`);
  if (!(confidence > 0.5 && confidence < 1))
    throw new CliError(`--confidence must be in (0.5, 1), got ${confidence}`);
  const threads =
    values.threads !== undefined ? numberArg(values.threads, '--threads') : (base.threads ?? null);
  const wrapper = (values.wrapper as string | undefined) ?? base.wrapper ?? null;
  if (wrapper !== null && wrapper !== 'retry' && wrapper !== 'none')
    throw new CliError(`--wrapper must be retry or none, got ${wrapper}`);
  return {
    fix: (values.fix as string | undefined) ?? base.fix ?? null,
    torch: (values.torch as string | undefined) ?? base.torch ?? null,
    threads,
    wrapper,
    workload: (values.workload as string | undefined) ?? base.workload ?? null,
    serialised: (values.serialised as string | undefined) ?? base.serialised ?? null,
    maxCrashRate,
    confidence,
  };
}

/** The JSON `roundbook verdict --json` prints, and the rules behind the request's answer (also in README "Commands"). */
export const VERDICT_DETAILS =
  'Each environment the request matches gets its own answer; environments that differ in any label\n' +
  '(fix variant, PyTorch base, threads, wrapper, workload, serialisation) are never pooled. Builds of one\n' +
  'PyTorch base pool (2.9.1 matches 2.9.1a0+git8cfbcc8) unless a report tells two builds apart.\n' +
  'safe: the always-valid upper bound of the failure rate (every trial that did not pass: crash, hang, wrong\n' +
  'result) is below the threshold; unsafe: its lower bound is above it; undecided: neither, with the rounds\n' +
  'still needed. Valid however often it is asked (the runner stops by the same rule); the fixed-n\n' +
  'Clopper-Pearson reading is given beside (fixed_n_answer). Cumulative totals are never used and no\n' +
  'round counts twice, within a report or across reports (a restatement is listed with what it restates).\n' +
  '\n' +
  "The request's answer: the environments that decide are those with rounds that are not serialised or\n" +
  'throttled (a lock, a semaphore, a forced graph path), unless --serialised names one; unsafe if any\n' +
  'deciding environment is unsafe, safe if all are safe, undecided otherwise, no_evidence if none decides.\n' +
  'Throttled environments are listed, labelled, with their own answers.\n' +
  '--fail-on unsafe,undecided,no-evidence,refused: exit 1 when the answer is one of them (a CI gate); else 0.\n' +
  '\n' +
  'The first line (bottom_line in the JSON) is the answer in one sentence: Yes / No / Not yet / No evidence,\n' +
  'the environment that settles it, how many are safe, the last run; No evidence names the nearest data.\n' +
  '--json: {request, answer, bottom_line, sentence, last_run, nearest[], unknown_values[],\n' +
  '  environments: [{config, fix_variant, torch_version (the pooled torch),\n' +
  '  torch_base, torch_builds[], threads, wrapper, workload, serialised, throttled, decides, answer, rounds,\n' +
  '  crashed_rounds, attempts, crashed_attempts, headline, crashes, trials, crash_rate, lower, upper,\n' +
  '  procedure, e_safe, e_unsafe, fixed_n_answer, fixed_n_upper, heterogeneity_p, dispersion, …,\n' +
  '  evidence: [{path, line, origin, kind, rounds, crashed, attempts, crashed_attempts, used, reason,\n' +
  '    fix_variant, torch_version (as read), threads, wrapper, workload, serialised,\n' +
  '    provenance: {attribute: source}, inferred: {attribute: source}}]}]}\n' +
  'inferred names, for every attribute not stated on the row, its table or heading, where it came from:\n' +
  '  file:LINE (elsewhere in the same report), series:PATH:LINE (the series it continues), unknown.';

export const verdictCommand: Command = {
  name: 'verdict',
  summary: 'Is it safe yet? The crash-rate verdict for one environment, with its evidence',
  usage:
    'roundbook verdict [--fix native] [--torch 2.9.1] [--threads 8] [--wrapper retry|none] [--workload W] [--serialised S] [--max-crash-rate 0.01] [--confidence 0.95] [--json]',
  options: {
    fix: { type: 'string', description: 'fix variant: native, v2.3, v2.9, …' },
    torch: { type: 'string', description: 'PyTorch version (2.9.1 matches its builds 2.9.1a0+git…)' },
    threads: { type: 'string', description: 'thread count' },
    wrapper: { type: 'string', description: 'retry wrapper: retry or none' },
    workload: { type: 'string', description: 'which test: complete_story, …' },
    serialised: {
      type: 'string',
      description: 'serialisation: none, semaphore(1), python_lock, graph_path, … (named: only it answers)',
    },
    ...VERDICT_OPTIONS,
  },
  details: VERDICT_DETAILS,
  async run(_positionals, values) {
    const req = requestFrom(values);
    const failOn = parseFailOn(values['fail-on']);
    const db = await openExistingDb(String(values.db), { readOnly: true });
    try {
      const result = await answerVerdict(db, req);
      if (values.json) process.stdout.write(`${terminalJson(result)}\n`);
      else printVerdict(result);
      return exitForAnswer(result.answer, failOn);
    } finally {
      db.close();
    }
  },
};
