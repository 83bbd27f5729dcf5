/**
 * Exception types whose signal varies from crash to crash or is missing from
 * some sources (crash summaries give no signal): the signature shows the type
 * alone, so a `.ips` saying `EXC_CRASH (SIGABRT)` and a summary saying
 * `EXC_CRASH` agree.
 */
const SIGNAL_OMITTED = new Set(['EXC_CRASH', 'EXC_GUARD', 'EXC_RESOURCE', 'EXC_CORPSE_NOTIFY']);

/** Signal that Darwin always delivers for an exception type, when there is one. */
const FIXED_SIGNAL: Record<string, string> = {
  EXC_BREAKPOINT: 'SIGTRAP',
  EXC_BAD_INSTRUCTION: 'SIGILL',
  EXC_ARITHMETIC: 'SIGFPE',
};

/**
 * The exception part of a signature: `TYPE/SIGNAL` (`EXC_BAD_ACCESS/SIGSEGV`).
 * The signal is the reported one, else inferred: EXC_BAD_ACCESS with
 * KERN_INVALID_ADDRESS → SIGSEGV, with KERN_PROTECTION_FAILURE → SIGBUS, and
 * the fixed signals of EXC_BREAKPOINT, EXC_BAD_INSTRUCTION, EXC_ARITHMETIC.
 * Types in `SIGNAL_OMITTED` show no signal. Null when the type is unknown.
 */
export function exceptionKind(
  type: string | null,
  signal: string | null,
  subtype: string | null,
): { kind: string | null; note: string | null } {
  if (!type) return { kind: null, note: null };
  if (SIGNAL_OMITTED.has(type)) return { kind: type, note: `signal of ${type} left out` };
  if (signal) return { kind: `${type}/${signal}`, note: null };
  let inferred: string | null = FIXED_SIGNAL[type] ?? null;
  if (type === 'EXC_BAD_ACCESS' && subtype) {
    if (subtype.startsWith('KERN_INVALID_ADDRESS')) inferred = 'SIGSEGV';
    else if (subtype.startsWith('KERN_PROTECTION_FAILURE')) inferred = 'SIGBUS';
  }
  if (!inferred) return { kind: type, note: 'signal unknown' };
  return { kind: `${type}/${inferred}`, note: `signal ${inferred} inferred from ${type}` };
}

/** Largest fault address treated as "NULL plus a field offset". */
export const NEAR_NULL_LIMIT = 0x10000n;

/**
 * The address part of a signature: for EXC_BAD_ACCESS at an address below
 * 0x10000, `NULL` (address 0) or `NULL+0x98` — the offset names the field read
 * through a null pointer, so different offsets are different bugs. Wild and
 * pointer-authentication-mangled addresses differ on every crash and give null.
 * For a PAC failure the stripped pointer (after `->`) is the one tested.
 */
export function addressClass(
  type: string | null,
  faultAddress: string | null,
  subtype: string | null,
): { part: string | null; note: string | null } {
  if (type !== 'EXC_BAD_ACCESS') return { part: null, note: null };
  const stripped = subtype ? /->\s*(0x[0-9a-fA-F]+)/.exec(subtype)?.[1] : undefined;
  const raw = stripped ?? faultAddress ?? (subtype ? /\bat (0x[0-9a-fA-F]+)/.exec(subtype)?.[1] : undefined);
  if (!raw || !/^0x[0-9a-fA-F]{1,16}$/.test(raw)) return { part: null, note: 'fault address unknown' };
  const address = BigInt(raw);
  if (address >= NEAR_NULL_LIMIT) {
    return { part: null, note: stripped ? 'PAC-mangled address left out' : 'wild address left out' };
  }
  return { part: address === 0n ? 'NULL' : `NULL+0x${address.toString(16)}`, note: null };
}
