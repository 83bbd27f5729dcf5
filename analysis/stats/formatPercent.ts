/**
 * A proportion written as a percentage, the one way the project writes one in
 * text (sentences stored in derived tables, the terminal): one decimal by
 * default (`16.1%`), or `significant` digits with trailing zeros dropped for
 * rates that span orders of magnitude (`0.997%`, `7.64%`, `40%`).
 *
 * @example formatPercent(0.1605) // '16.1%'
 * @example formatPercent(0.009969, { significant: 3 }) // '0.997%'
 */
export function formatPercent(
  x: number,
  precision: { significant: number } | { decimals: number } = { decimals: 1 },
): string {
  const value = 100 * x;
  return 'significant' in precision
    ? `${Number(value.toPrecision(precision.significant))}%`
    : `${value.toFixed(precision.decimals)}%`;
}
