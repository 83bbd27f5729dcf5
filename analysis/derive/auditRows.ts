import type { AUDITS } from '../../store/derivedTables.ts';
import type { RowOf } from '../../store/tableSpec.ts';
import { auditBatch, checkClaim, type EvidenceGroup, selectEvidence } from '../stats/index.ts';
import { distinctEnvironments } from './environments.ts';
import type { ClaimRecord } from './loadClaims.ts';
import type { BatchRecord } from './loadEvidence.ts';
import type { RoundRecord } from './loadReportRounds.ts';

/** A row of `audits`. */
type AuditRow = RowOf<typeof AUDITS>;

/**
 * `audits` of stated batches: each batch recomputed from the per-round rows
 * of the same report (the rounds in its range, or the rounds of its fix
 * variant when it states no range).
 */
export function batchAuditRows(batches: readonly BatchRecord[], rounds: readonly RoundRecord[]): AuditRow[] {
  const bySource = new Map<string, RoundRecord[]>();
  for (const r of rounds) {
    if (r.origin !== 'report') continue;
    const list = bySource.get(r.source_id) ?? [];
    list.push(r);
    bySource.set(r.source_id, list);
  }
  const rows: AuditRow[] = [];
  for (const b of batches) {
    if (b.kind !== 'primary') continue;
    const own = bySource.get(b.source_id);
    if (!own) continue;
    const ranged = b.round_first !== null && b.round_last !== null;
    const mine = ranged
      ? own.filter((r) => r.round_no !== null && r.round_no >= b.round_first! && r.round_no <= b.round_last!)
      : own.filter((r) => r.fix_variant === b.fix_variant && r.wrapper === b.wrapper);
    if (mine.length === 0) continue;
    const audit = auditBatch(
      {
        rounds: b.rounds,
        passed: b.passed,
        efficiency_avg: b.efficiency_avg,
        efficiency_min: b.efficiency_min,
        efficiency_max: b.efficiency_max,
      },
      mine.map((r) => ({ status: r.status, efficiency_pct: r.efficiency_pct })),
    );
    const stated = [
      `${b.passed}/${b.rounds}`,
      b.efficiency_avg !== null ? `avg ${b.efficiency_avg}%` : null,
      b.efficiency_min !== null ? `range ${b.efficiency_min}–${b.efficiency_max}%` : null,
    ]
      .filter(Boolean)
      .join(', ');
    const c = audit.computed;
    const computed = [
      `${c.passed}/${c.rounds}`,
      c.efficiency_avg !== null ? `avg ${c.efficiency_avg.toFixed(2)}%` : null,
      c.efficiency_min !== null ? `range ${c.efficiency_min}–${c.efficiency_max}%` : null,
    ]
      .filter(Boolean)
      .join(', ');
    rows.push({
      kind: 'batch',
      source_id: b.source_id,
      line: b.line,
      subject: b.label,
      check_name: 'recompute',
      stated,
      computed,
      ok: audit.ok,
      sentence: audit.ok
        ? `"${b.label}" (${stated}) is reproduced by the ${mine.length} listed rounds.`
        : `"${b.label}" does not match its rows: ${audit.mismatches.map((m) => m.message).join('; ')}.`,
    });
  }
  return rows;
}

/**
 * `audits` of claims: every conclusion tested against the data of its own
 * report — the subject's pass counts and, for a dylib, native's as baseline.
 */
export function claimAuditRows(claims: readonly ClaimRecord[], groups: readonly EvidenceGroup[]): AuditRow[] {
  const bySource = new Map<string, EvidenceGroup[]>();
  for (const g of groups) {
    const list = bySource.get(g.source_id) ?? [];
    list.push(g);
    bySource.set(g.source_id, list);
  }
  const countsFor = (own: readonly EvidenceGroup[], fix: string) => {
    let passed = 0;
    let total = 0;
    for (const env of distinctEnvironments(own.filter((g) => g.env.fix_variant === fix))) {
      for (const g of selectEvidence(own, env).kept) {
        total += g.rounds;
        passed += g.rounds - g.crashed;
      }
    }
    return total > 0 ? { passed, total } : null;
  };
  const rows: AuditRow[] = [];
  for (const c of claims) {
    const own = bySource.get(c.source_id) ?? [];
    const subject = c.subject ? countsFor(own, c.subject) : null;
    const baseline = c.subject && c.subject !== 'native' ? countsFor(own, 'native') : null;
    const check = subject
      ? checkClaim(
          { stance: c.stance, subject: c.subject, text: c.text },
          { subject, ...(baseline ? { baseline } : {}) },
        )
      : null;
    rows.push({
      kind: 'claim',
      source_id: c.source_id,
      line: c.line,
      subject: c.subject,
      check_name: c.stance,
      stated: c.text,
      computed: check?.supports ?? null,
      ok: check?.supported ?? false,
      sentence:
        check?.sentence ??
        `The report states no pass counts for ${c.subject ?? 'its subject'}: "${c.stance}" stands on no data of its own.`,
    });
  }
  return rows;
}
