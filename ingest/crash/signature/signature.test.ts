import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { CrashRow } from '../../../store/rawTables.ts';
import { collapseTemplates } from './collapseTemplates.ts';
import { normaliseFrame } from './normaliseFrame.ts';
import { defaultRules, makeRules, RULES_VERSION } from './ruleLists.ts';
import { signatureOf } from './signatureOf.ts';

type Input = Parameters<typeof signatureOf>[0] & Pick<CrashRow, 'captured_at'>;

const AGX =
  'AGX::ComputeContext<AGX::HAL200::Encoders, AGX::HAL200::Classes, AGX::HAL200::ObjClasses, AGX::HAL200::EncoderComputeServiceClasses>::prepareForEnqueue(bool)';

function crash(over: Partial<Input> = {}): Input {
  return {
    exception_type: 'EXC_BAD_ACCESS',
    signal: 'SIGSEGV',
    subtype: 'KERN_INVALID_ADDRESS at 0x0000000000000098',
    fault_address: '0x0000000000000098',
    frames: [
      `${AGX} (in AGXMetalG16X) + 1268`,
      '-[AGXG16XFamilyComputeContext dispatchThreads:threadsPerThreadgroup:] (in AGXMetalG16X) + 296',
    ],
    original_name: null,
    captured_at: '2025-12-23T17:27:50.441Z',
    ...over,
  };
}

test('the example signature of the issue', () => {
  assert.equal(
    signatureOf(crash()).signature,
    'EXC_BAD_ACCESS/SIGSEGV NULL+0x98 | AGX::ComputeContext<T>::prepareForEnqueue(bool)',
  );
  assert.equal(signatureOf(crash()).rules_version, RULES_VERSION);
  assert.match(RULES_VERSION, /^siggen-ts\/\d+\+[0-9a-f]{10}$/);
});

test('normaliseFrame strips indices, offsets, images, addresses and template arguments', () => {
  assert.equal(normaliseFrame(`[52] ${AGX} + 1268`), 'AGX::ComputeContext<T>::prepareForEnqueue(bool)');
  assert.equal(normaliseFrame('objc_msgSend (in libobjc.A.dylib) + 32'), 'objc_msgSend');
  assert.equal(normaliseFrame('0x10cc78 (in AGXMetalG16X)'), 'AGXMetalG16X@0x10cc78');
  assert.equal(normaliseFrame('0x1a2b3c4d'), null);
  assert.equal(
    normaliseFrame('__92-[FBSWorkspaceScenesClient x:]_block_invoke.78 + 120'),
    '__92-[FBSWorkspaceScenesClient x:]_block_invoke',
  );
  assert.equal(normaliseFrame('foo() (in libtorch_cpu.dylib) + 412 (MPSStream.mm:221)'), 'foo()');
  assert.equal(
    collapseTemplates('std::operator<<(std::ostream&, std::vector<int, A<B>> const&)'),
    'std::operator<<(std::ostream&, std::vector<T> const&)',
  );
  assert.equal(collapseTemplates('a<b'), 'a<b');
});

test('prefix frames are kept with the next meaningful frame; skip frames vanish', () => {
  const s = signatureOf(
    crash({
      exception_type: 'EXC_CRASH',
      signal: 'SIGABRT',
      subtype: null,
      fault_address: null,
      frames: ['__pthread_kill + 8', 'pthread_kill + 288', 'abort + 128', 'at::mps::fatal() + 4', 'main + 1'],
    }),
  );
  assert.equal(s.signature, 'EXC_CRASH | __pthread_kill | abort | at::mps::fatal()');
  assert.ok(s.notes.includes('skip: pthread_kill'));
  const alone = signatureOf(
    crash({
      frames: ['[58] objc_msgSend + 32'],
      subtype: 'KERN_INVALID_ADDRESS at 0x000045a04081c5b0',
      fault_address: '0x000045a04081c5b0',
      signal: null,
    }),
  );
  assert.equal(alone.signature, 'EXC_BAD_ACCESS/SIGSEGV | objc_msgSend');
  assert.ok(alone.notes.some((n) => n.startsWith('prefix: no meaningful frame')));
  assert.ok(alone.notes.includes('near-null: wild address left out'));
});

test('empty details: GPU event reports and others', () => {
  const empty = { exception_type: null, signal: null, subtype: null, fault_address: null, frames: [] };
  assert.equal(
    signatureOf({ ...empty, original_name: 'gpuEvent-Python-2025-12-23-101201.ips' }).signature,
    'EMPTY: gpuEvent report',
  );
  assert.equal(signatureOf({ ...empty, original_name: null }).signature, 'EMPTY: no crash details');
});

test('editing a rule list changes the version, and a bad pattern names its line', () => {
  const a = makeRules('_sigtramp\n', 'objc_msgSend\n');
  const b = makeRules('_sigtramp\n', 'objc_msgSend\nobjc_retain\n');
  assert.notEqual(a.version, b.version);
  assert.throws(() => makeRules('ok\n(unclosed\n', ''), /skip\.txt:2/);
  assert.equal(defaultRules().version, RULES_VERSION);
});

const hex = (n: bigint, width = 16) => `0x${n.toString(16).padStart(width, '0')}`;
const wildAddress = fc.bigInt({ min: 0x10000n, max: 0x0000_7fff_ffff_ffffn });
const threadIndex = fc.integer({ min: 0, max: 999 });
const offset = fc.integer({ min: 0, max: 100_000 });

test('property: thread index, symbol offsets, wild/PAC address and capture time do not change a signature', () => {
  fc.assert(
    fc.property(
      threadIndex,
      offset,
      wildAddress,
      fc.boolean(),
      fc.date({ noInvalidDate: true }),
      (t, off, addr, pac, when) => {
        const base = crash({
          frames: ['[58] objc_msgSend + 32', '-[AGXG16XFamilyComputeContext setBuffer:offset:atIndex:] + 56'],
          subtype: 'KERN_INVALID_ADDRESS at 0x000045a04081c5b0',
          fault_address: '0x000045a04081c5b0',
        });
        const mangled = hex(addr | 0x0000_8000_0000_0000n);
        const variant = crash({
          frames: [
            `[${t}] objc_msgSend + ${off}`,
            `-[AGXG16XFamilyComputeContext setBuffer:offset:atIndex:] + ${off + 1}`,
          ],
          subtype: pac
            ? `KERN_INVALID_ADDRESS at ${mangled} -> ${hex(addr)} (possible pointer authentication failure)`
            : `KERN_INVALID_ADDRESS at ${hex(addr)}`,
          fault_address: pac ? mangled : hex(addr),
          captured_at: when.toISOString(),
        });
        assert.equal(signatureOf(variant).signature, signatureOf(base).signature);
      },
    ),
    { numRuns: 300 },
  );
});

test('property: a near-NULL offset and the crashing symbol change the signature', () => {
  const nearNull = fc.bigInt({ min: 0n, max: 0xffffn });
  fc.assert(
    fc.property(nearNull, nearNull, threadIndex, (a, b, t) => {
      fc.pre(a !== b);
      const at = (x: bigint) =>
        crash({
          subtype: `KERN_INVALID_ADDRESS at ${hex(x)}`,
          fault_address: hex(x),
          frames: [`[${t}] ${AGX} + 1268`],
        });
      assert.notEqual(signatureOf(at(a)).signature, signatureOf(at(b)).signature);
    }),
    { numRuns: 300 },
  );
  const symbol = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,20}$/);
  fc.assert(
    fc.property(symbol, symbol, (s1, s2) => {
      fc.pre(s1 !== s2);
      const rules = defaultRules();
      fc.pre(
        ![s1, s2].some((s) => rules.skip.some((re) => re.test(s)) || rules.prefix.some((re) => re.test(s))),
      );
      const sig = (s: string) => signatureOf(crash({ frames: [`[52] ${s} + 12`] })).signature;
      assert.notEqual(sig(s1), sig(s2));
    }),
    { numRuns: 300 },
  );
});

/** A pattern whose test throws, as a broken rule list entry or a bug in a rule would. */
const throwing = (message: string): RegExp =>
  Object.assign(/never/, {
    test(): boolean {
      throw new Error(message);
    },
  });

test('a rule that throws becomes a note naming it, and the rest of the pipeline still signs the crash', () => {
  const skipFails = signatureOf(crash(), { ...defaultRules(), skip: [throwing('skip exploded')] });
  assert.ok(skipFails.notes.includes('skip: failed: skip exploded'), skipFails.notes.join('\n'));
  // Nothing of these frames is on the skip list: the signature is the one the issue gives.
  assert.equal(
    skipFails.signature,
    'EXC_BAD_ACCESS/SIGSEGV NULL+0x98 | AGX::ComputeContext<T>::prepareForEnqueue(bool)',
  );
  assert.equal(skipFails.rules_version, defaultRules().version);

  // Without the prefix rule every normalised frame stays; the rules after it still add kind and address.
  const prefixFails = signatureOf(crash(), { ...defaultRules(), prefix: [throwing('prefix exploded')] });
  assert.ok(prefixFails.notes.includes('prefix: failed: prefix exploded'), prefixFails.notes.join('\n'));
  assert.equal(
    prefixFails.signature,
    'EXC_BAD_ACCESS/SIGSEGV NULL+0x98 | AGX::ComputeContext<T>::prepareForEnqueue(bool) | -[AGXG16XFamilyComputeContext dispatchThreads:threadsPerThreadgroup:]',
  );
});
