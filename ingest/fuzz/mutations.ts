/**
 * The fuzzer's mutations: each a named function from an input's bytes (and a
 * seeded random source) to new bytes. Byte-level damage (flips, cuts,
 * inserted bytes), line-level edits (repeat, join, reorder, other line ends),
 * encodings (UTF-16, UTF-32, invalid UTF-8), hostile values where numbers
 * and JSON values stand (3,000,000,000, a 400-digit total, 1.5 where a pid
 * goes), and shapes that have made parsers slow (a long line of one
 * character, deep nesting). Deterministic for a given random source.
 */

/** A random source in [0, 1) (analysis/stats' mulberry32). */
export type Rand = () => number;

export interface MutationContext {
  rand: Rand;
  /** Bytes of another seed, for splicing. */
  other: () => Buffer;
}

export type Mutation = (input: Buffer, ctx: MutationContext) => Buffer;

const int = (rand: Rand, lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
const pick = <T>(rand: Rand, items: readonly T[]): T => items[Math.floor(rand() * items.length)];

/** Numbers that do not fit where parsers put numbers (INTEGER columns, pids, counts). */
export const HOSTILE_NUMBERS = [
  '3000000000',
  '2147483648',
  '-2147483649',
  '9007199254740993',
  '9'.repeat(400),
  '1.5',
  '-0',
  '1e309',
  '-1e309',
  '0',
  '00000000000000000001',
  '1e-400',
  '18446744073709551616',
] as const;

/** JSON values put where a JSON document has a value. */
const HOSTILE_JSON = [
  ...HOSTILE_NUMBERS.filter((n) => !n.startsWith('0') && !/^-0$/.test(n)),
  'null',
  'true',
  '""',
  '"\\u0000"',
  '"\u202eevil"',
  '[]',
  '{}',
  '"2025-13-45 25:61:61"',
  '"99999-01-01T00:00:00Z"',
  `"${'x'.repeat(5000)}"`,
  `${'['.repeat(200)}${']'.repeat(200)}`,
  '{"a":{"b":{"c":[1,2,{"d":null}]}}}',
] as const;

/** Characters that make long lines; each has made some parser slow on a long run of them. */
const RUNS = ['*', '_', '|', '1', '[', '`', '<', '-', ' ', '#', '/', '0.', '1/2 ', '*a* ', '[x](y) ', '\\'];

const STRANGE_TEXT = [
  '\u202e',
  '\u200b',
  '\ufeff',
  '\u0000',
  '\u001b[31m',
  '🦀',
  'e\u0301',
  '\ud800',
  '\r',
  '\t',
  '\u2028',
];

function lines(input: Buffer): string[] {
  return input.toString('utf8').split('\n');
}

function replaceRange(input: Buffer, at: number, remove: number, insert: Buffer): Buffer {
  return Buffer.concat([input.subarray(0, at), insert, input.subarray(at + remove)]);
}

/** Replaces one random number in the text with a hostile one. */
const hostileNumber: Mutation = (input, { rand }) => {
  const text = input.toString('utf8');
  const numbers = [...text.matchAll(/\d+(?:\.\d+)?/g)];
  if (numbers.length === 0)
    return Buffer.from(
      `${text}\n- **Pass Rate**: ${pick(rand, HOSTILE_NUMBERS)}/${pick(rand, HOSTILE_NUMBERS)} rounds\n`,
    );
  const m = pick(rand, numbers);
  return Buffer.from(
    text.slice(0, m.index) + pick(rand, HOSTILE_NUMBERS) + text.slice(m.index + m[0].length),
  );
};

/** Replaces one JSON value (after a `":`) with a hostile one: structure-aware damage for .ips, summaries, logs. */
const hostileJsonValue: Mutation = (input, { rand }) => {
  const text = input.toString('utf8');
  const values = [...text.matchAll(/":\s*("(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]*|true|false|null)/g)];
  if (values.length === 0) return hostileNumber(input, { rand, other: () => input });
  const m = pick(rand, values);
  const start = m.index + m[0].length - m[1].length;
  return Buffer.from(text.slice(0, start) + pick(rand, HOSTILE_JSON) + text.slice(start + m[1].length));
};

/** Every mutation, by name (names go into the fuzzed files' names). */
export const MUTATIONS: Record<string, Mutation> = {
  flipBytes: (input, { rand }) => {
    const out = Buffer.from(input);
    for (let k = int(rand, 1, 8); k > 0 && out.length; k--)
      out[int(rand, 0, out.length - 1)] = int(rand, 0, 255);
    return out;
  },
  insertBytes: (input, { rand }) =>
    replaceRange(
      input,
      int(rand, 0, input.length),
      0,
      Buffer.from(
        Array.from({ length: int(rand, 1, 16) }, () =>
          pick(rand, [0, 0xff, 0xfe, 0x1b, 0x0d, 0x0a, 0x80, 0xc3, int(rand, 0, 255)]),
        ),
      ),
    ),
  deleteRange: (input, { rand }) => {
    const at = int(rand, 0, input.length);
    return replaceRange(
      input,
      at,
      int(rand, 1, Math.max(1, Math.min(4096, input.length - at))),
      Buffer.alloc(0),
    );
  },
  truncate: (input, { rand }) => input.subarray(0, int(rand, 0, input.length)),
  deleteLine: (input, { rand }) => {
    const l = lines(input);
    l.splice(int(rand, 0, l.length - 1), 1);
    return Buffer.from(l.join('\n'));
  },
  swapLines: (input, { rand }) => {
    const l = lines(input);
    const a = int(rand, 0, l.length - 1);
    const b = int(rand, 0, l.length - 1);
    [l[a], l[b]] = [l[b], l[a]];
    return Buffer.from(l.join('\n'));
  },
  repeatLine: (input, { rand }) => {
    const l = lines(input);
    const a = int(rand, 0, l.length - 1);
    const times = Math.min(pick(rand, [2, 10, 100, 1000, 5000]), Math.floor(200_000 / (l[a].length + 1)) + 1);
    l.splice(a, 1, ...Array(times).fill(l[a]));
    return Buffer.from(l.join('\n'));
  },
  repeatWhole: (input, { rand }) => {
    const times = Math.max(1, Math.min(pick(rand, [2, 3, 8]), Math.floor(300_000 / (input.length + 1))));
    return Buffer.concat(Array(times).fill(input));
  },
  joinLines: (input) => Buffer.from(input.toString('utf8').replace(/\r?\n/g, ' ')),
  crOnly: (input) => Buffer.from(input.toString('utf8').replace(/\r?\n/g, '\r')),
  crlf: (input) => Buffer.from(input.toString('utf8').replace(/\r?\n/g, '\r\n')),
  noFinalNewline: (input) => Buffer.from(input.toString('utf8').replace(/\s+$/, '')),
  utf16: (input, { rand }) => {
    const le = Buffer.from((rand() < 0.5 ? '\ufeff' : '') + input.toString('utf8'), 'utf16le');
    return rand() < 0.5 ? le : le.swap16();
  },
  utf32: (input, { rand }) => {
    const points = [...((rand() < 0.5 ? '\ufeff' : '') + input.toString('utf8'))].map(
      (c) => c.codePointAt(0)!,
    );
    const out = Buffer.alloc(points.length * 4);
    const le = rand() < 0.5;
    for (const [i, p] of points.entries()) {
      if (le) out.writeUInt32LE(p, i * 4);
      else out.writeUInt32BE(p, i * 4);
    }
    return out;
  },
  latin1: (input) => Buffer.from(input.toString('utf8'), 'latin1'),
  hostileNumber,
  hostileJsonValue,
  strangeText: (input, { rand }) =>
    replaceRange(
      input,
      int(rand, 0, input.length),
      0,
      Buffer.from(pick(rand, STRANGE_TEXT).repeat(int(rand, 1, 50))),
    ),
  longLine: (input, { rand }) => {
    const run = pick(rand, RUNS);
    const line = Buffer.from(`\n${run.repeat(Math.ceil(int(rand, 1000, 40_000) / run.length))}\n`);
    return replaceRange(input, int(rand, 0, input.length), 0, line);
  },
  deepNesting: (input, { rand }) => {
    const depth = pick(rand, [100, 1000, 10_000]);
    const [open, close] = pick(rand, [
      ['[', ']'],
      ['{"a":', '}'],
      ['> ', ''],
      ['- ', ''],
      ['(', ')'],
    ]);
    return replaceRange(
      input,
      int(rand, 0, input.length),
      0,
      Buffer.from(open.repeat(depth) + close.repeat(depth)),
    );
  },
  splice: (input, { rand, other }) => {
    const o = other();
    const from = int(rand, 0, o.length);
    return replaceRange(input, int(rand, 0, input.length), 0, o.subarray(from, from + int(rand, 1, 4096)));
  },
  raggedTable: (input, { rand }) =>
    replaceRange(
      input,
      int(rand, 0, input.length),
      0,
      Buffer.from(
        pick(rand, [
          '\n| a | b |\n|---|\n| 1 | 2 | 3 |\n',
          '\n|||\n|-|-|-|-|\n',
          '\n| Threads | Efficiency |\n|---|---|\n| 8 | 1e309% |\n| 3000000000 | 14.7% |\n',
        ]),
      ),
    ),
  /** YAML anchors that expand 9^6 times (a "billion laughs"): for the campaign parser. */
  aliasBomb: (input) => {
    const levels = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const lines = levels.map((name, i) =>
      i === 0
        ? `${name}: &${name} [x, x, x, x, x, x, x, x, x]`
        : `${name}: &${name} [${Array(9)
            .fill(`*${levels[i - 1]}`)
            .join(', ')}]`,
    );
    return Buffer.concat([Buffer.from(`${lines.join('\n')}\n`), input]);
  },
  empty: () => Buffer.alloc(0),
  whitespaceOnly: (_input, { rand }) =>
    Buffer.from(pick(rand, [' ', '\n', '\r\n', '\t', '\u00a0']).repeat(int(rand, 1, 100))),
};

export type MutationName = keyof typeof MUTATIONS;

/** How often each mutation is drawn (the rest: 1). Drastic ones are rare, so most inputs stay near their seed. */
const WEIGHTS: Partial<Record<string, number>> = {
  hostileNumber: 6,
  hostileJsonValue: 6,
  flipBytes: 4,
  insertBytes: 3,
  deleteLine: 3,
  swapLines: 2,
  truncate: 2,
  repeatLine: 2,
  splice: 2,
  empty: 0.3,
  whitespaceOnly: 0.3,
  utf32: 0.5,
  aliasBomb: 0.3,
};

const NAMES = Object.keys(MUTATIONS).sort();
const TOTAL = NAMES.reduce((n, name) => n + (WEIGHTS[name] ?? 1), 0);

/** A mutation name drawn by weight. */
export function drawMutation(rand: Rand): string {
  let r = rand() * TOTAL;
  for (const name of NAMES) {
    r -= WEIGHTS[name] ?? 1;
    if (r < 0) return name;
  }
  return NAMES[NAMES.length - 1];
}
