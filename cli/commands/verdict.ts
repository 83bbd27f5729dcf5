import { type VerdictRequest, verdictFor } from '../../analysis/derive/index.ts';
import { Db } from '../../store/db.ts';
import { CliError, numberArg } from '../args.ts';
import { type Command, DB_OPTION, JSON_OPTION } from '../command.ts';
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
    maxCrashRate,
    confidence,
  };
}

export const verdictCommand: Command = {
  name: 'verdict',
  summary: 'Is it safe yet? The crash-rate verdict for one environment, with its evidence',
  usage:
    'roundbook verdict [--fix native] [--torch 2.9.1] [--threads 8] [--wrapper retry|none] [--max-crash-rate 0.01] [--confidence 0.95] [--json]',
  options: {
    fix: { type: 'string', description: 'fix variant: native, v2.3, v2.9, …' },
    torch: { type: 'string', description: 'PyTorch version (2.9.1 matches its builds 2.9.1a0+git…)' },
    threads: { type: 'string', description: 'thread count' },
    wrapper: { type: 'string', description: 'retry wrapper: retry or none' },
    ...VERDICT_OPTIONS,
  },
  details:
    'safe: the upper bound of the crash rate is below the threshold; unsafe: the lower bound is above it;\n' +
    'undecided: neither, with the crash-free rounds still needed. Cumulative totals are never used and no\n' +
    'round counts twice; groups from different environments are not pooled.',
  async run(_positionals, values) {
    const req = requestFrom(values);
    const db = await Db.open(String(values.db));
    try {
      const result = await verdictFor(db, req);
      if (values.json) process.stdout.write(`${terminalJson(result)}\n`);
      else printVerdict(result);
      return 0;
    } finally {
      db.close();
    }
  },
};
