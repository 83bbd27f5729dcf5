import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { type Plan, planQuestion } from '../../analysis/derive/index.ts';
import { formatPercent } from '../../analysis/stats/index.ts';
import { parseCampaign } from '../../runner/campaign.ts';
import { packageFile } from '../../store/packageFile.ts';
import { CliError, numberArg } from '../args.ts';
import { type Command, DB_OPTION, JSON_OPTION } from '../command.ts';
import { openExistingDb } from '../openExistingDb.ts';
import { parseQuestion } from '../parseQuestion.ts';
import { terminalJson, terminalText } from '../terminalText.ts';
import { requestFrom } from './verdict.ts';

/** The campaign a plan starts from: the shipped Mac campaign (command, pass rule, crash reports, metrics). */
export const DEFAULT_PLAN_TEMPLATE = packageFile('data', 'campaigns', 'mac-native-vs-v2.9.yaml');

/** The dylib a fix variant loads, as the shipped campaign names it (`v2.9` → `libagx_fix_v2_9.dylib`). */
const dylibOf = (fix: string) => `agx_fix/build/libagx_fix_${fix.replace(/\./g, '_')}.dylib`;

/**
 * The campaign file that runs a plan: the template's command, pass rule,
 * crash reports and metrics; one configuration per planned fix with its
 * rounds, interleaved in randomised blocks, no wrapper (each round one
 * attempt), and the always-valid stop rule at the plan's threshold, so a
 * configuration stops as soon as its verdict is decided.
 */
export function planCampaign(plan: Plan, templateText: string, name: string): string {
  const doc = parseDocument(templateText);
  const torch = doc.getIn(['configs', 'native', 'labels', 'torch_version']);
  const configs: Record<string, unknown> = {};
  for (const c of plan.configs) {
    if (!c.more_rounds) continue;
    const existing = doc.getIn(['configs', c.fix]) as { toJSON(): Record<string, unknown> } | undefined;
    const base = existing?.toJSON() ?? {
      env: c.fix === 'native' ? {} : { DYLD_INSERT_LIBRARIES: dylibOf(c.fix) },
      labels: { fix_variant: c.fix, torch_version: torch ?? null, threads: 8, workload: 'complete_story' },
    };
    configs[c.fix] = { ...base, rounds: c.more_rounds };
  }
  if (Object.keys(configs).length === 0)
    throw new CliError('every configuration is already decided: nothing to run');
  doc.set('campaign', name);
  doc.set(
    'description',
    `roundbook plan: ${plan.configs.map((c) => `${c.fix} ${c.more_rounds ?? '?'} rounds to show ${c.target}`).join(', ')} (power ${plan.power})`,
  );
  doc.set('configs', configs);
  doc.set('rounds', Math.max(...Object.values(configs).map((c) => (c as { rounds: number }).rounds)));
  doc.set('order', 'randomized');
  doc.setIn(['retry', 'attempts'], 1);
  doc.set('stop', {
    rule: 'always-valid',
    threshold: plan.threshold,
    confidence: plan.confidence,
    min_rounds: 0,
  });
  return doc.toString();
}

export const planCommand: Command = {
  name: 'plan',
  summary: 'How many more rounds would decide a question, and the campaign file that runs them',
  usage:
    'roundbook plan QUESTION [--power 0.8] [--max-crash-rate 0.01] [--confidence 0.95] [--out FILE] [--template FILE] [--json]',
  options: {
    ...DB_OPTION,
    ...JSON_OPTION,
    power: {
      type: 'string',
      default: '0.8',
      description: 'probability of deciding within the planned rounds',
    },
    'max-crash-rate': {
      type: 'string',
      default: '0.01',
      description: 'failure rate a safe build stays below',
    },
    confidence: { type: 'string', default: '0.95', description: 'confidence of the verdict' },
    out: { type: 'string', default: 'plan.yaml', description: 'campaign file to write' },
    template: { type: 'string', description: 'campaign to start from (default: the shipped Mac campaign)' },
    force: { type: 'boolean', default: false, description: 'overwrite --out if it exists' },
  },
  details:
    'A safety question ("is native 2.9.1 safe yet?") plans its one configuration; a necessity question ("is v2.9\n' +
    'still necessary on 2.9.1?") plans native and the dylib. Each starts from its evidence so far (the deciding\n' +
    'environment with the most trials, by the verdict) and aims where it points: SAFE when its failure rate is\n' +
    'at or below the threshold (power computed at a quarter of the threshold), UNSAFE when above (at the rate seen,\n' +
    'at least twice the threshold). Rounds are exact for the always-valid procedure the verdict and the runner\n' +
    'use (a forward recursion over the stop boundary), each round one attempt (no wrapper).\n' +
    '--json: {threshold, confidence, power, procedure, configs: [{fix, builds_on, answer, failures, trials,\n' +
    '  target, assumed_rate, more_rounds}], campaign_file}',
  async run(positionals, values) {
    const text = positionals.join(' ').trim();
    if (!text) throw new CliError('give a question, e.g. roundbook plan "is native 2.9.1 safe yet?"');
    const q = parseQuestion(text);
    if (q.kind !== 'safe' && q.kind !== 'necessary')
      throw new CliError(
        `cannot plan "${text}": plan answers whether a build is safe, or whether a dylib is necessary`,
      );
    if (q.kind === 'necessary' && (q.fix === null || q.fix === 'native'))
      throw new CliError(`"${text}": name the dylib, e.g. "is v2.9 still necessary on 2.9.1?"`);
    const power = numberArg(values.power, '--power');
    if (!(power > 0 && power < 1)) throw new CliError(`--power must be in (0, 1), got ${power}`);
    // The threshold and confidence are read and checked as `roundbook verdict` reads them.
    const { maxCrashRate, confidence } = requestFrom(values);
    const fixes = q.kind === 'necessary' ? ['native', q.fix!] : [q.fix ?? 'native'];
    const templatePath = String(values.template ?? DEFAULT_PLAN_TEMPLATE);
    if (!existsSync(templatePath)) throw new CliError(`--template ${templatePath}: no such file`);
    const out = String(values.out);
    if (existsSync(out) && !values.force) throw new CliError(`${out} exists: give another --out, or --force`);
    const db = await openExistingDb(String(values.db));
    let plan: Plan;
    try {
      plan = await planQuestion(
        db,
        fixes,
        {
          fix: null,
          torch: q.torch,
          threads: q.threads ?? 8,
          wrapper: q.wrapper,
          workload: null,
          serialised: null,
          maxCrashRate,
          confidence,
        },
        power,
      );
    } finally {
      db.close();
    }
    const undecided = plan.configs.some((c) => c.more_rounds);
    let written: string | null = null;
    if (undecided) {
      const yaml = planCampaign(plan, readFileSync(templatePath, 'utf8'), `plan-${fixes.join('-vs-')}`);
      parseCampaign(yaml, out); // the file written is a campaign the runner accepts
      writeFileSync(out, yaml);
      written = out;
    }
    if (values.json) {
      process.stdout.write(`${terminalJson({ ...plan, campaign_file: written })}\n`);
      return 0;
    }
    const pct = (x: number) => formatPercent(x, { significant: 3 });
    process.stdout.write(
      `To decide "${terminalText(text)}" (failure rate below ${pct(maxCrashRate)} at ${pct(confidence)} confidence, always-valid) with ${pct(power)} power:\n`,
    );
    for (const c of plan.configs) {
      const sofar = c.trials
        ? `${c.failures} of ${c.trials} failed so far (${c.builds_on})`
        : 'no evidence yet';
      const more =
        c.more_rounds === 0
          ? `already ${c.answer}: no more rounds needed`
          : c.more_rounds === null
            ? `cannot reach ${c.target.toUpperCase()} within 200,000 rounds at a ${pct(c.assumed_rate)} failure rate`
            : `${c.more_rounds} more rounds to show ${c.target.toUpperCase()} if its failure rate is ${pct(c.assumed_rate)}`;
      process.stdout.write(`  ${terminalText(c.fix)}: ${terminalText(sofar)}; ${more}\n`);
    }
    process.stdout.write(
      written
        ? `Wrote ${written}: run it with roundbook run ${written} (configurations interleaved; each stops once decided).\n`
        : 'Nothing to run.\n',
    );
    return 0;
  },
};
