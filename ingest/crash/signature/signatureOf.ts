import type { CrashRow } from '../../../store/rawTables.ts';
import { addressClass, exceptionKind } from './exceptionKind.ts';
import { normaliseFrame } from './normaliseFrame.ts';
import { defaultRules, type SignatureRules } from './ruleLists.ts';

/** What the signature reads from a crash row. */
export type SignatureInput = Pick<
  CrashRow,
  'exception_type' | 'signal' | 'subtype' | 'fault_address' | 'frames' | 'original_name'
>;

/** A signature with the version of the rules that made it and what each rule did. */
export interface SignatureResult {
  signature: string;
  rules_version: string;
  notes: string[];
}

/** Most frames a signature holds (prefix frames plus the meaningful one). */
export const MAX_SIGNATURE_FRAMES = 6;

interface State {
  crash: SignatureInput;
  rules: SignatureRules;
  frames: string[];
  kind: string | null;
  address: string | null;
  notes: string[];
  signature: string | null;
}

/**
 * One step of the pipeline: reads and updates the state, says what it did in
 * `notes`. A rule that throws is noted and skipped (see {@link signatureOf}).
 */
interface Rule {
  name: string;
  run(state: State): void;
}

const normalise: Rule = {
  name: 'normalise',
  run(s) {
    const out: string[] = [];
    for (const raw of s.crash.frames) {
      const frame = normaliseFrame(raw);
      if (frame === null) s.notes.push(`normalise: dropped address-only frame ${JSON.stringify(raw)}`);
      else if (out[out.length - 1] === frame) s.notes.push(`normalise: collapsed repeated ${frame}`);
      else out.push(frame);
    }
    s.frames = out;
  },
};

const skip: Rule = {
  name: 'skip',
  run(s) {
    s.frames = s.frames.filter((f) => {
      const drop = s.rules.skip.some((re) => re.test(f));
      if (drop) s.notes.push(`skip: ${f}`);
      return !drop;
    });
  },
};

const prefix: Rule = {
  name: 'prefix',
  run(s) {
    const kept: string[] = [];
    for (const f of s.frames) {
      kept.push(f);
      if (!s.rules.prefix.some((re) => re.test(f))) break;
      if (kept.length >= MAX_SIGNATURE_FRAMES) break;
    }
    const last = kept[kept.length - 1];
    if (last !== undefined && s.rules.prefix.some((re) => re.test(last))) {
      s.notes.push(`prefix: no meaningful frame after ${last} is known`);
    }
    s.frames = kept;
  },
};

const kind: Rule = {
  name: 'exception-kind',
  run(s) {
    const k = exceptionKind(s.crash.exception_type, s.crash.signal, s.crash.subtype);
    s.kind = k.kind;
    if (k.note) s.notes.push(`exception-kind: ${k.note}`);
  },
};

const address: Rule = {
  name: 'near-null',
  run(s) {
    const a = addressClass(s.crash.exception_type, s.crash.fault_address, s.crash.subtype);
    s.address = a.part;
    if (a.note) s.notes.push(`near-null: ${a.note}`);
  },
};

const assemble: Rule = {
  name: 'assemble',
  run(s) {
    if (!s.kind && s.frames.length === 0) {
      const gpu = /^gpuEvent-/i.test(s.crash.original_name ?? '');
      s.signature = gpu ? 'EMPTY: gpuEvent report' : 'EMPTY: no crash details';
      return;
    }
    const head = [s.kind ?? 'UNKNOWN', s.address].filter(Boolean).join(' ');
    s.signature = [head, ...(s.frames.length ? s.frames : ['(no frames)'])].join(' | ');
  },
};

/** The rules in the order they run (names are stable; used in notes and the README). */
export const SIGNATURE_PIPELINE: readonly Rule[] = [normalise, skip, prefix, kind, address, assemble];

/**
 * Signature of a crash, after Mozilla socorro-siggen: an ordered rule
 * pipeline (normalise frames → drop skip-list frames → keep prefix frames with
 * the next meaningful frame → exception kind → near-NULL offset → join with
 * ` | `). Thread indices, symbol offsets, template arguments, wild and
 * PAC-mangled addresses and the capture time never change it; a near-NULL
 * fault offset and the crashing symbol do.
 *
 * @example signatureOf(crash).signature
 *   // 'EXC_BAD_ACCESS/SIGSEGV NULL+0x98 | AGX::ComputeContext<T>::prepareForEnqueue(bool)'
 * A crash with no exception and no frames (a GPU event report listed with an
 * empty `info`) gets `EMPTY: gpuEvent report` or `EMPTY: no crash details`.
 *
 * Each rule is isolated, as in socorro-siggen's generator: a rule that throws
 * (a bug, or a pattern that fails on an odd frame) leaves the state as it
 * found it — or as far as it got — and becomes the note
 * `RULE: failed: MESSAGE`; the rules after it still run, so the crash keeps a
 * signature. Frames start as the stored frames, so a failed `normalise`
 * passes them on unnormalised rather than losing them.
 */
export function signatureOf(crash: SignatureInput, rules: SignatureRules = defaultRules()): SignatureResult {
  const state: State = {
    crash,
    rules,
    frames: [...crash.frames],
    kind: null,
    address: null,
    notes: [],
    signature: null,
  };
  for (const rule of SIGNATURE_PIPELINE) {
    try {
      rule.run(state);
    } catch (err) {
      state.notes.push(`${rule.name}: failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return {
    signature: state.signature ?? 'EMPTY: no crash details',
    rules_version: rules.version,
    notes: state.notes,
  };
}
