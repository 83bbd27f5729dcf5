/** Fault address and pointer-authentication flag read from an exception subtype. */
export interface FaultFacts {
  fault_address: string | null;
  pac_failure: boolean;
}

/**
 * Reads `KERN_INVALID_ADDRESS at 0x00009ba36e2f2650 -> 0x00001ba36e2f2650
 * (possible pointer authentication failure)`: the address after `at` (as
 * written, zero-padded) and whether the report flags a possible
 * pointer-authentication failure. Missing parts give null / false.
 */
export function faultFacts(subtype: string | null | undefined): FaultFacts {
  if (!subtype) return { fault_address: null, pac_failure: false };
  const at = /\bat (0x[0-9a-fA-F]+)/.exec(subtype);
  return {
    fault_address: at ? at[1].toLowerCase() : null,
    pac_failure: /pointer authentication failure/i.test(subtype),
  };
}
