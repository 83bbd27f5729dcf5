import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type AuditRow, auditBatch } from './auditBatch.ts';
import { checkClaim } from './checkClaim.ts';

const rows = (statuses: string, effs: number[]): AuditRow[] =>
  [...statuses].map((c, i) => ({
    status: c === 'P' ? 'pass' : 'fail',
    efficiency_pct: c === 'P' ? effs[i] : null,
  }));

describe('auditBatch', () => {
  const data = rows('PPPPF', [19.6, 20.1, 19.9, 19.58, 0]);
  // passing efficiencies 19.6, 20.1, 19.9, 19.58: mean 19.795, min 19.58, max 20.1

  test('a batch that matches its rows (with rounding: 19.795 printed as 19.8)', () => {
    const r = auditBatch(
      { rounds: 5, passed: 4, efficiency_avg: 19.8, efficiency_min: 19.6, efficiency_max: 20.1 },
      data,
    );
    assert.equal(r.ok, true, JSON.stringify(r.mismatches));
    assert.deepEqual(r.checked, ['rounds', 'passed', 'efficiency_avg', 'efficiency_min', 'efficiency_max']);
    assert.equal(r.computed.passed, 4);
    assert.ok(Math.abs(r.computed.efficiency_avg! - 19.795) < 1e-12);
  });

  test('mismatches are listed: pass count, average, range', () => {
    const r = auditBatch(
      { rounds: 5, passed: 5, efficiency_avg: 20.4, efficiency_min: 19.2, efficiency_max: null },
      data,
    );
    assert.equal(r.ok, false);
    assert.deepEqual(
      r.mismatches.map((m) => m.field),
      ['passed', 'efficiency_avg', 'efficiency_min'],
    );
    assert.match(r.mismatches[0].message, /passed: stated 5, rows give 4/);
    assert.match(r.mismatches[1].message, /efficiency_avg: stated 20.4, rows give 19.795/);
  });

  test('82.945% printed as 83.0% (decimals given) passes; 82.9 computed does not', () => {
    const one = [{ status: 'pass', efficiency_pct: 82.945 }] as AuditRow[];
    assert.equal(
      auditBatch(
        { rounds: 1, passed: 1, efficiency_avg: 83, efficiency_min: null, efficiency_max: null, decimals: 1 },
        one,
      ).ok,
      true,
    );
    const other = [{ status: 'pass', efficiency_pct: 82.9 }] as AuditRow[];
    assert.equal(
      auditBatch(
        { rounds: 1, passed: 1, efficiency_avg: 83, efficiency_min: null, efficiency_max: null, decimals: 1 },
        other,
      ).ok,
      false,
    );
  });

  test('a stated efficiency without passing rows is a mismatch, not a throw', () => {
    const r = auditBatch(
      { rounds: 2, passed: 0, efficiency_avg: 14.7, efficiency_min: null, efficiency_max: null },
      rows('FF', []),
    );
    assert.equal(r.ok, false);
    assert.equal(r.mismatches[0].computed, null);
  });
});

describe('checkClaim', () => {
  test('"100% stable" on 20/20 supports only ≥ 86.1%: the one-sided 95% bound, as the verdict', () => {
    // R: binom.test(20, 20, alternative = "greater")$conf.int[1] = 0.05^(1/20) = 0.8608917
    const r = checkClaim({ stance: 'stable', subject: 'v2.3 dylib' }, { subject: { passed: 20, total: 20 } });
    assert.equal(r.supported, false);
    assert.equal(r.supports, 'pass rate ≥ 86.1%');
    assert.ok(Math.abs(r.interval!.lower - 0.8608916593317348) < 1e-12);
    assert.match(r.sentence, /at least 86\.1%.*one-sided/);
  });

  test('"safe" uses the verdict\'s one-sided rule: 299/299 supported at 1%/95%, 298/298 not', () => {
    // The one-sided 95% Clopper-Pearson upper bound of 0 failures in n is 1 − 0.05^(1/n):
    // 0.0099691 for n = 299 (< 1%), 0.0100024 for n = 298 (scipy: 1 - 0.05**(1/n)).
    const safe = (passed: number, total: number) =>
      checkClaim({ stance: 'safe', subject: null }, { subject: { passed, total } }).supported;
    assert.equal(safe(299, 299), true);
    assert.equal(safe(298, 298), false);
    // Two failures: scipy beta.ppf(0.95, 3, 627) = 0.0099909 < 1% at n = 628; beta.ppf(0.95, 3, 626) > 1% at 627.
    assert.equal(safe(626, 628), true);
    assert.equal(safe(625, 627), false);
    const r = checkClaim({ stance: 'safe', subject: null }, { subject: { passed: 299, total: 299 } });
    assert.ok(Math.abs(1 - r.interval!.lower - 0.009969146792899286) < 1e-12);
    assert.equal(r.method, 'clopper-pearson one-sided');
  });

  test('"stable" on 600/600 meets a 99% bar', () => {
    assert.equal(
      checkClaim({ stance: 'safe', subject: null }, { subject: { passed: 600, total: 600 } }).supported,
      true,
    );
  });

  test('"counterproductive" on 18/20 vs 20/20: Fisher p = 0.49, not supported', () => {
    // R: fisher.test(matrix(c(18, 20, 2, 0), 2))$p.value = 0.4871795
    const r = checkClaim(
      { stance: 'counterproductive', subject: 'dylib' },
      { subject: { passed: 18, total: 20 }, baseline: { passed: 20, total: 20 } },
    );
    assert.equal(r.supported, false);
    assert.ok(Math.abs(r.pValue! - 0.48717948717948717) < 1e-12);
    assert.equal(r.supports, 'Fisher p = 0.49');
    assert.match(r.sentence, /not significant/);
  });

  test('"necessary" on 20/20 vs 3/5: Fisher p = 0.033, supported', () => {
    // R: fisher.test(matrix(c(20, 3, 0, 2), 2))$p.value = 0.03333333 (= 1/30)
    const r = checkClaim(
      { stance: 'necessary', subject: 'dylib' },
      { subject: { passed: 20, total: 20 }, baseline: { passed: 3, total: 5 } },
    );
    assert.equal(r.supported, true);
    assert.ok(Math.abs(r.pValue! - 1 / 30) < 1e-12);
    assert.equal(r.supports, 'Fisher p = 0.033');
  });

  test('"unsafe" on 3/5 passes: upper bound 94.7% < 99%, supported', () => {
    assert.equal(
      checkClaim({ stance: 'unsafe', subject: null }, { subject: { passed: 3, total: 5 } }).supported,
      true,
    );
  });

  test('"unnecessary": native no worse than the dylib within the margin', () => {
    const r = checkClaim(
      { stance: 'unnecessary', subject: 'dylib' },
      { subject: { passed: 200, total: 200 }, baseline: { passed: 199, total: 200 } },
    );
    assert.equal(r.supported, true);
    assert.equal(r.method, 'newcombe-non-inferiority');
  });

  test('a comparison claim without baseline is unsupported, saying so', () => {
    const r = checkClaim({ stance: 'necessary', subject: 'dylib' }, { subject: { passed: 20, total: 20 } });
    assert.equal(r.supported, false);
    assert.match(r.sentence, /needs a comparison/);
  });

  test('the wrong direction is not supported', () => {
    const r = checkClaim(
      { stance: 'necessary', subject: 'dylib' },
      { subject: { passed: 3, total: 5 }, baseline: { passed: 20, total: 20 } },
    );
    assert.equal(r.supported, false);
    assert.match(r.sentence, /other way/);
  });
});
