import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { generateIpsFiles } from '../../bench/generateIps.ts';
import { detectCrashFormat } from './detectFormat.ts';
import { parseCrashFile } from './parseCrashFile.ts';
import { parseCrashSummary } from './parseCrashSummary.ts';
import { parseCrashText } from './parseCrashText.ts';
import { parseIps } from './parseIps.ts';

const golden = (name: string) => readFileSync(new URL(`./golden/${name}`, import.meta.url), 'utf8');
const samples = [
  golden('ips-prepare-for-enqueue-null98/input.ips'),
  golden('ips-single-document-abort/input.ips'),
  golden('crash-objc-retain-with-header/input.crash'),
  golden('crash-cf-is-objc-legacy/input.crash'),
  golden('summary-duplicates/input.json'),
];
const parsers = [parseIps, parseCrashText, parseCrashSummary, parseCrashFile];

test('property: parsers never throw on arbitrary bytes', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
      const text = Buffer.from(bytes).toString('utf8');
      for (const parse of parsers) {
        const r = parse(text, 'x');
        assert.ok(Array.isArray(r.crashes) && Array.isArray(r.problems));
      }
      detectCrashFormat(text);
    }),
    { numRuns: 300 },
  );
});

test('property: a truncated report never throws and an incomplete JSON one yields a problem', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: samples.length - 1 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      (i, frac) => {
        const text = samples[i].slice(0, Math.floor(samples[i].length * frac));
        for (const parse of parsers) parse(text, 'x');
        const r = parseCrashFile(text, 'x');
        if (r.format === 'ips' || r.format === 'crash_summary') {
          const complete = text.trimEnd().length === samples[i].trimEnd().length;
          if (!complete) assert.ok(r.problems.length > 0, 'truncated JSON must give a problem');
        }
      },
    ),
    { numRuns: 400 },
  );
});

test('binary and non-JSON input become problems with a reason', () => {
  assert.match(parseIps('\0\x01\x02binary', 'a.ips').problems[0].message, /binary/);
  assert.match(parseIps('hello world', 'a.ips').problems[0].message, /not JSON/);
  assert.match(parseCrashSummary('{"crashes": [', 's.json').problems[0].message, /truncated/);
  assert.match(parseCrashText('nothing here', 'a.crash').problems[0].message, /not a crash report/);
  assert.equal(detectCrashFormat('# A Markdown report\n\nExceptional results'), null);
});

test('generateIpsFiles: deterministic, valid, and each copy keeps its template signature', () => {
  const a = generateIpsFiles(40, 7);
  assert.deepEqual(a, generateIpsFiles(40, 7));
  assert.notDeepEqual(a, generateIpsFiles(40, 8));
  const sigs = new Map<string, number>();
  for (const text of a) {
    assert.equal(detectCrashFormat(text), 'ips');
    const r = parseIps(text, 'gen.ips');
    assert.deepEqual(r.problems, []);
    sigs.set(r.crashes[0].signature, (sigs.get(r.crashes[0].signature) ?? 0) + 1);
  }
  assert.deepEqual([...sigs.values()], [10, 10, 10, 10]);
  assert.throws(() => generateIpsFiles(-1, 1), /count/);
});
