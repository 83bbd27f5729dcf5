/**
 * The linear-time property, measured: an input is grown (doubled) until its
 * parser takes long enough to time, then timed again at twice that size; the
 * ratio must stay within 2.5. A crash summary grows by its entries (doubling
 * its text would only test the JSON error path), anything else by repeating
 * its text. Timing: for the fuzz script and benchmarks, never a unit test.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { campaignErrors } from '../../runner/campaign.ts';
import { parseSource } from '../parseSource.ts';
import { scanRoundLog } from '../roundLogScan.ts';
import type { FuzzInput } from './fuzzInputs.ts';

export interface Linearity {
  input: string;
  /** Bytes of the smaller of the two timed inputs. */
  bytes: number;
  seconds: number;
  secondsDoubled: number;
  ratio: number;
}

/** Largest input grown to (bytes); a parser still too fast to time there is linear enough. */
const MAX_BYTES = 4 * 1048576;
/** Time at which growing stops: long enough that a collection or a compile does not decide the ratio. */
const TIMED_SECONDS = 0.2;

function grow(bytes: Buffer, kind: FuzzInput['kind']): Buffer {
  if (kind === 'summary') {
    try {
      const root = JSON.parse(bytes.toString('utf8'));
      if (Array.isArray(root?.crashes) && root.crashes.length) {
        root.crashes = [...root.crashes, ...root.crashes];
        return Buffer.from(JSON.stringify(root, null, 2));
      }
    } catch {
      // not JSON: grown as text
    }
  }
  return Buffer.concat([
    bytes,
    bytes.length && bytes[bytes.length - 1] !== 10 ? Buffer.from('\n') : Buffer.alloc(0),
    bytes,
  ]);
}

/** Seconds one run of the input's parser takes (the least of three, after one to warm up). */
async function timeParse(bytes: Buffer, input: FuzzInput, dir: string): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  const path = join(dir, input.name);
  if (input.kind === 'round_log') writeFileSync(path, bytes);
  for (let k = 0; k < 4; k++) {
    const t0 = performance.now();
    if (input.kind === 'campaign') campaignErrors(bytes.toString('utf8'), input.name);
    else if (input.kind === 'round_log') await scanRoundLog(path);
    else parseSource(bytes, input.name);
    if (k > 0) best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return best;
}

/** Times the input's parser at a size where it takes ≥ 200 ms (or 4 MB), and at twice that size. */
export async function linearity(input: FuzzInput): Promise<Linearity> {
  const dir = mkdtempSync(join(tmpdir(), 'roundbook-linear-'));
  try {
    let bytes = input.bytes.length ? input.bytes : Buffer.from('x\n');
    let seconds = await timeParse(bytes, input, dir);
    while (seconds < TIMED_SECONDS && bytes.length * 2 <= MAX_BYTES) {
      bytes = grow(bytes, input.kind);
      seconds = await timeParse(bytes, input, dir);
    }
    const doubled = grow(bytes, input.kind);
    const secondsDoubled = await timeParse(doubled, input, dir);
    return {
      input: input.name,
      bytes: bytes.length,
      seconds,
      secondsDoubled,
      ratio: secondsDoubled / seconds,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
