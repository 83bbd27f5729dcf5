/**
 * `roundbook stats …` checked from outside, as DESIGN.md's contract is: spawn the CLI,
 * parse its JSON, compare shapes (exact key sets) and values. Each spawn costs seconds
 * on this machine, so the contract is covered by a few spawns run in parallel; error
 * messages and readable lines are checked in-process through `statsCommand.run`.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, test } from 'node:test';
import { CliError } from '../args.ts';
import { runCaptured } from '../captureOutput.ts';
import { statsCommand } from './stats.ts';

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[]): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'cli/main.ts', 'stats', ...args],
      { env: { ...process.env, TZ: 'UTC' }, timeout: 120_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Runs the command in-process, capturing stdout; returns exit code and output, or the CliError. */
async function inProcess(argv: string[]): Promise<{ code: number; stdout: string } | CliError> {
  try {
    const { code, stdout } = await runCaptured(statsCommand, argv);
    return { code, stdout };
  } catch (err) {
    if (err instanceof CliError) return err;
    throw err;
  }
}

const close = (actual: unknown, expected: number, tol: number, what: string) =>
  assert.ok(
    typeof actual === 'number' && Math.abs(actual - expected) <= tol,
    `${what}: ${actual} vs ${expected}`,
  );
const keys = (o: object) => Object.keys(o).sort();

describe('roundbook stats (spawned)', () => {
  const runs = Promise.all([
    cli(['ci', '17', '20', '--method', 'clopper-pearson', '--json']),
    cli(['ci', '21', '20', '--json']),
  ]);

  test('ci --json', async () => {
    const [r] = await runs;
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.deepEqual(keys(j), ['level', 'lower', 'method', 'passed', 'rate', 'sided', 'total', 'upper']);
    assert.deepEqual(
      [j.passed, j.total, j.rate, j.method, j.level, j.sided],
      [17, 20, 0.85, 'clopper-pearson', 0.95, 'two'],
    );
    // R: binom.test(17, 20)$conf.int = 0.6210732 0.9679291
    close(j.lower, 0.621073173454686, 1e-9, 'lower');
    close(j.upper, 0.9679290628145363, 1e-9, 'upper');
  });

  test('bad input: exit code 2, message naming the value', async () => {
    const [, r] = await runs;
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /PASSED = 21 exceeds TOTAL = 20/);
  });
});

/** In-process run that must succeed; returns the parsed JSON. */
async function json(argv: string[]): Promise<ReturnType<typeof JSON.parse>> {
  const r = await inProcess(argv);
  if (r instanceof CliError) throw r;
  assert.equal(r.code, 0);
  return JSON.parse(r.stdout);
}

describe('roundbook stats --json contract (in-process: each spawn costs seconds here)', () => {
  test('compare', async () => {
    const j = await json(['compare', '18', '20', '20', '20', '--json']);
    assert.deepEqual(keys(j), ['fisher', 'prob_a_better', 'risk_difference']);
    assert.deepEqual(keys(j.fisher), ['greater', 'less', 'two_sided']);
    assert.deepEqual(keys(j.risk_difference), ['estimate', 'lower', 'upper']);
    // R: fisher.test(matrix(c(18, 20, 2, 0), 2)) → 0.4872; alternative = "less" → 0.2436
    close(j.fisher.two_sided, 380 / 780, 1e-12, 'two-sided');
    close(j.fisher.greater, 1, 1e-12, 'greater');
    close(j.fisher.less, 190 / 780, 1e-12, 'less');
    close(j.prob_a_better, 0.11585365853658537, 1e-9, 'P(A better)');
    close(j.risk_difference.estimate, -0.1, 1e-12, 'difference');
    close(j.risk_difference.lower, -0.30103364522848725, 1e-9, 'newcombe lower');
    close(j.risk_difference.upper, 0.07653487216419781, 1e-9, 'newcombe upper');
  });

  test('fit', async () => {
    const j = await json(['fit', '1:618.3', '2:1025.7', '4:959.9', '8:726.1', '--json']);
    assert.deepEqual(keys(j), ['kappa', 'lambda', 'model', 'peak_threads', 'r2', 'sigma']);
    assert.equal(j.model, 'usl');
    close(j.sigma, 0.1353029528876, 1e-7, 'σ');
    close(j.kappa, 0.0981740258262, 1e-7, 'κ');
    close(j.lambda, 650.0921850329, 1e-5, 'λ');
    close(j.r2, 0.9425917127246, 1e-9, 'R²');
    close(j.peak_threads, 2.967793557311, 1e-6, 'N*');
  });

  test('rounds-needed: for the procedure in force (always-valid by default, fixed-n on request)', async () => {
    const args = ['rounds-needed', '--max-rate', '0.01', '--confidence', '0.95', '--failures', '1'];
    // fixed-n: R qbeta-based one-sided Clopper-Pearson, binom.test(1, 473, alt = "less") upper < 0.01 first at 473.
    assert.deepEqual(await json([...args, '--procedure', 'fixed-n', '--json']), {
      rounds: 473,
      procedure: 'fixed-n',
    });
    assert.deepEqual(
      await json(['rounds-needed', '--max-rate', '0.01', '--procedure', 'fixed-n', '--json']),
      {
        rounds: 299,
        procedure: 'fixed-n',
      },
    );
    // always-valid: the first n whose SAFE e-value reaches 20 (k = 0: closed form, safetyProcedure.test.ts).
    assert.deepEqual(await json(['rounds-needed', '--max-rate', '0.01', '--json']), {
      rounds: 449,
      procedure: 'always-valid',
    });
    const withOne = await json([...args, '--json']);
    assert.equal(withOne.procedure, 'always-valid');
    assert.ok(withOne.rounds > 473, `always-valid needs more than fixed-n: ${withOne.rounds}`);
  });

  test('boundary: the contract [{n, safe_max, unsafe_min}], agreeing with rounds-needed', async () => {
    const rows = await json([
      'boundary',
      '--threshold',
      '0.01',
      '--confidence',
      '0.95',
      '--max-rounds',
      '3000',
      '--json',
    ]);
    assert.equal(rows.length, 3000);
    assert.deepEqual(Object.keys(rows[0]), ['n', 'safe_max', 'unsafe_min']);
    assert.deepEqual(rows.map((r: { n: number }) => r.n).slice(0, 3), [1, 2, 3]);
    // SAFE first reachable at 449 (0 failures) and never before.
    assert.equal(rows[447].safe_max, null);
    assert.equal(rows[448].safe_max, 0);
    const fixed = await json([
      'boundary',
      '--threshold',
      '0.01',
      '--max-rounds',
      '300',
      '--procedure',
      'fixed-n',
      '--json',
    ]);
    // scipy: beta.ppf(0.05, 7, 293) = 0.01104 > 0.01 (UNSAFE at 7), beta.ppf(0.05, 6, 294) = 0.00877.
    assert.deepEqual(fixed[298], { n: 299, safe_max: 0, unsafe_min: 7 });
    assert.equal(fixed[297].safe_max, null);
  });

  test('retry: rounds 1640–1659, q = 19/36', async () => {
    const j = await json([
      'retry',
      '--max-attempts',
      '3',
      '--retries',
      '2,2,2,2,2,0,0,0,0,0,0,0,0,0,0,0,0',
      '--failed',
      '3',
      '--json',
    ]);
    assert.deepEqual(keys(j), ['lower', 'q', 'round_pass_probability', 'upper']);
    close(j.q, 19 / 36, 1e-15, 'q');
    assert.ok(j.lower < j.q && j.q < j.upper);
    close(j.round_pass_probability, 1 - (19 / 36) ** 3, 1e-12, 'round pass');
  });
});

describe('roundbook stats (in-process)', () => {
  const error = async (argv: string[], pattern: RegExp) => {
    const r = await inProcess(argv);
    assert.ok(r instanceof CliError, `expected a CliError for ${argv.join(' ')}`);
    assert.equal(r.exitCode, 2);
    assert.match(r.message, pattern);
  };

  test('bad values are named', async () => {
    await error(['ci', '5', '10', '--level', '95'], /--level: expected a number in \(0, 1\), got 95/);
    await error(['ci', '5', '10', '--method', 'wald'], /--method: expected one of .*got "wald"/);
    await error(['ci', 'x', '10'], /PASSED: expected a number, got "x"/);
    await error(['ci', '5'], /expected 2 numbers/);
    await error(['ci', '0', '0'], /TOTAL: expected an integer ≥ 1, got 0/);
    await error(['compare', '3', '2', '1', '1'], /PASS_A = 3 exceeds TOTAL_A = 2/);
    await error(['rounds-needed'], /missing --max-rate/);
    await error(['rounds-needed', '--max-rate', '1.5'], /--max-rate: expected a number in \(0, 1\), got 1.5/);
    await error(
      ['rounds-needed', '--max-rate', '0.01', '--failures=-1'],
      /--failures: expected an integer ≥ 0, got -1/,
    );
    await error(['fit', '1:618.3', 'eight:726'], /point "eight:726"/);
    await error(
      ['fit', '1:1', '2:2', '3:3', '--model', 'gustafson'],
      /--model: expected usl or amdahl, got "gustafson"/,
    );
    await error(['fit', '1:1', '2:2'], /usl needs at least 3 points/);
    await error(['retry', '--max-attempts', '3', '--retries', '1,3'], /--retries value 3/);
    await error(
      ['retry', '--max-attempts', '3', '--retries', '1,a'],
      /--retries value: expected a number, got "a"/,
    );
    await error(['retry', '--retries', '1'], /missing --max-attempts/);
    await error(['ci', '5', '10', '--model', 'usl'], /--model does not apply to stats ci/);
    await error(['median', '1'], /unknown sub-command "median"/);
    await error([], /give a sub-command/);
  });

  test('readable lines without --json', async () => {
    const ci = await inProcess(['ci', '17', '20']);
    assert.ok(!(ci instanceof CliError));
    assert.match(ci.stdout, /^17\/20 = 85\.0%; 95\.0% two-sided wilson interval 64\.0% – 94\.8%\n$/);
    const fit = await inProcess(['fit', '1:618.3', '2:1025.7', '4:959.9', '8:726.1', '--model', 'amdahl']);
    assert.ok(!(fit instanceof CliError));
    assert.match(fit.stdout, /amdahl: .*σ = 0\.8041.*no peak/);
    const retry = await inProcess(['retry', '--max-attempts', '3', '--retries', '', '--failed', '2']);
    assert.ok(!(retry instanceof CliError));
    assert.match(retry.stdout, /6 of 6 attempts crashed/);
  });

  test('fit, issue 13 defect 9: the κ = 0 face, a perfect 7-digit fit, σ and κ above 1', async () => {
    // 9a, scipy least_squares with bounds ≥ 0: λ 983.203, σ 0.0621826, κ 0 (was "did not converge").
    const a = await inProcess(['fit', '1:1004.3', '2:1848.3', '4:3304.3', '8:5483.6', '--json']);
    assert.ok(!(a instanceof CliError), String(a));
    const ja = JSON.parse(a.stdout);
    close(ja.lambda, 983.2027895918171, 1e-5, 'λ');
    close(ja.sigma, 0.06218260069506367, 1e-8, 'σ');
    assert.equal(ja.kappa, 0);
    assert.equal(ja.peak_threads, null);
    // 9b: 100·N/(1 + 0.1(N − 1)) rounded to 7 decimals (was "did not converge").
    const b = await inProcess([
      'fit',
      '1:100',
      '2:181.8181818',
      '4:307.6923077',
      '8:470.5882353',
      '16:640',
      '--model',
      'amdahl',
      '--json',
    ]);
    assert.ok(!(b instanceof CliError), String(b));
    close(JSON.parse(b.stdout).sigma, 0.1, 1e-9, 'σ');
    // 9c: scipy σ 1.617, κ 1.189 (was σ = κ = 1 with a peak at 0 threads).
    const c = await inProcess(['fit', '1:1000', '2:400', '4:200', '8:100']);
    assert.ok(!(c instanceof CliError), String(c));
    assert.match(c.stdout, /σ = 1\.617, κ = 1\.189.*throughput falls from one thread on/);
  });

  test('ci says whether its interval is one- or two-sided: 0/299 is 1.2% two-sided, 0.997% one-sided', async () => {
    // scipy: beta.ppf(0.975, 1, 299) = 0.012261 (two-sided 95%); 1 - 0.05**(1/299) = 0.0099691 (one-sided 95%,
    // the bound the verdict's fixed-n rule compares with the 1% threshold)
    const two = await inProcess(['ci', '0', '299', '--method', 'clopper-pearson', '--json']);
    const one = await inProcess([
      'ci',
      '0',
      '299',
      '--method',
      'clopper-pearson',
      '--sided',
      'one',
      '--json',
    ]);
    assert.ok(!(two instanceof CliError) && !(one instanceof CliError));
    const [j2, j1] = [JSON.parse(two.stdout), JSON.parse(one.stdout)];
    assert.equal(j2.sided, 'two');
    assert.equal(j1.sided, 'one');
    close(j2.upper, 0.012261, 1e-6, 'two-sided upper');
    close(j1.upper, 0.009969146792899286, 1e-12, 'one-sided upper');
    assert.equal(j1.level, 0.95);
    const line = await inProcess(['ci', '0', '299', '--method', 'clopper-pearson', '--sided', 'one']);
    assert.ok(!(line instanceof CliError));
    assert.match(line.stdout, /one-sided 95\.0% clopper-pearson bounds: rate ≥ 0\.0%, rate ≤ 1\.0%/);
    const bad = await inProcess(['ci', '1', '2', '--sided', 'both']);
    assert.ok(bad instanceof CliError);
    assert.match(bad.message, /--sided: expected one or two, got "both"/);
    const other = await inProcess(['compare', '1', '2', '1', '2', '--sided', 'one']);
    assert.ok(other instanceof CliError);
  });

  test('amdahl JSON: kappa 0 and peak_threads null', async () => {
    const r = await inProcess([
      'fit',
      '1:618.3',
      '2:1025.7',
      '4:959.9',
      '8:726.1',
      '--model',
      'amdahl',
      '--json',
    ]);
    assert.ok(!(r instanceof CliError));
    const j = JSON.parse(r.stdout);
    assert.equal(j.kappa, 0);
    assert.equal(j.peak_threads, null);
  });
});
