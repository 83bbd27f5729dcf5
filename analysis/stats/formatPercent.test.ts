import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatPercent } from './formatPercent.ts';

test('formatPercent: one decimal by default, or significant digits without trailing zeros', () => {
  assert.equal(formatPercent(0.1605), '16.1%');
  assert.equal(formatPercent(1), '100.0%');
  assert.equal(formatPercent(0.009969, { significant: 3 }), '0.997%');
  assert.equal(formatPercent(0.4, { significant: 3 }), '40%');
  assert.equal(formatPercent(0.0764, { significant: 3 }), '7.64%');
  assert.equal(formatPercent(0.12345, { decimals: 2 }), '12.35%');
});
