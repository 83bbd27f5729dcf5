/**
 * `npm run fuzz -- [--seed S] [--count N] [--from I] [--only I] [--linear K] [--save] [--write DIR]`:
 * the fuzz target (ingest/fuzz/). Makes inputs `from … from+count-1` of seed
 * S, calls every parser on each, ingests them all beside the controls and
 * checks the ingest's invariants, then times K of them at two sizes for the
 * linear-time property. Prints every finding and exits 1 when there is one;
 * `--save` keeps the inputs behind them in the regression corpus
 * (ingest/fuzz/regressions/). `--write DIR` only writes N inputs that the
 * ingest reads (campaign inputs passed over) and the controls under DIR (for
 * `roundbook ingest DIR`, as the fuzz bar runs it).
 * The same seed gives the same inputs, on any machine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  checkIngest,
  checkParsers,
  type FuzzFinding,
  type FuzzInput,
  fuzzInput,
  fuzzSeeds,
  linearity,
  saveRegression,
  writeFuzzFolder,
} from '../ingest/fuzz/index.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    count: { type: 'string', default: '300' },
    from: { type: 'string', default: '0' },
    only: { type: 'string' },
    linear: { type: 'string', default: '0' },
    save: { type: 'boolean', default: false },
    write: { type: 'string' },
  },
});
const seed = Number(values.seed);
const from = values.only !== undefined ? Number(values.only) : Number(values.from);
const count = values.only !== undefined ? 1 : Number(values.count);
for (const [name, n] of Object.entries({ seed, from, count, linear: Number(values.linear) }))
  if (!Number.isInteger(n) || n < 0) {
    process.stderr.write(`fuzz: --${name} must be a whole number ≥ 0\n`);
    process.exit(2);
  }

const seeds = fuzzSeeds();
const inputs = function* () {
  for (let i = from; i < from + count; i++) yield fuzzInput(seed, i, seeds);
};

if (values.write) {
  // `count` files the ingest reads: campaign inputs (which it does not read) are passed over.
  const files = function* () {
    let n = 0;
    for (let i = from; n < count; i++) {
      const input = fuzzInput(seed, i, seeds);
      if (input.kind === 'campaign') continue;
      n++;
      yield input;
    }
  };
  const written = writeFuzzFolder(values.write, files());
  process.stdout.write(
    `fuzz: seed ${seed}: ${written.inputs} inputs and ${written.controls} controls in ${values.write}\n`,
  );
  process.exit(0);
}

const started = performance.now();
const all: FuzzInput[] = [...inputs()];
const findings: FuzzFinding[] = checkParsers(all);
process.stdout.write(
  `fuzz: seed ${seed}, inputs ${from}…${from + count - 1}: parsers checked (${findings.length} findings)\n`,
);
const dir = mkdtempSync(join(tmpdir(), 'roundbook-fuzz-'));
try {
  findings.push(...(await checkIngest(dir, all)));
  process.stdout.write(`fuzz: ingest checked (${findings.length} findings so far)\n`);
  const linear = Number(values.linear);
  for (let k = 0; k < linear && all.length; k++) {
    const input = all[Math.floor((k * all.length) / linear)];
    // A ratio over 2.5 is measured again (twice at most): a busy machine makes single timings noisy.
    let l = await linearity(input);
    for (let again = 0; again < 2 && l.ratio > 2.5; again++) {
      const next = await linearity(input);
      if (next.ratio < l.ratio) l = next;
    }
    if (l.ratio > 2.5 && l.secondsDoubled > 0.4)
      findings.push({
        input: input.name,
        property: 'not linear',
        message: `${l.bytes} bytes: ${l.seconds.toFixed(3)} s, twice that: ${l.secondsDoubled.toFixed(3)} s (${l.ratio.toFixed(1)}×)`,
      });
  }
  if (linear) process.stdout.write(`fuzz: ${linear} inputs timed at two sizes\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

for (const f of findings)
  process.stdout.write(`- [${f.property}] ${f.input ?? '(the whole batch)'}: ${f.message}\n`);
if (values.save)
  for (const name of new Set(findings.map((f) => f.input).filter((n) => n !== null))) {
    const input = all.find((i) => i.name === name);
    if (input) process.stdout.write(`saved ${saveRegression(input)}\n`);
  }
process.stdout.write(
  `fuzz: ${all.length} inputs, ${findings.length} findings, ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
);
process.exit(findings.length ? 1 : 0);
