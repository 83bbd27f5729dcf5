/**
 * The one rule for reading a table header or a key as a name: case and
 * Markdown markup do not matter.
 */

/**
 * A header cell or key normalised for matching against patterns: lower case,
 * the markup characters `*`, `` ` `` and `_` read as spaces (so `pass_rate`
 * reads `pass rate`), runs of white space collapsed to one space, trimmed.
 * Used for the headers of round, batch, scaling and metric tables, for the
 * keys of key/value tables, and (with trailing punctuation removed) for
 * field keys (fields.ts `normKey`).
 *
 * @example normHeader('**Pass  Rate**') // 'pass rate'
 * @example normHeader('soak_test_quick') // 'soak test quick'
 */
export function normHeader(text: string): string {
  return text.toLowerCase().replace(/[*`_]/g, ' ').replace(/\s+/g, ' ').trim();
}
