import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reportedAt } from './reportedAt.ts';

test('reportedAt keeps the stated time and names a zone only where the report names one', () => {
  const cases: [string[], string, string | null][] = [
    [['2025-12-23 16:18 PST'], 'verification_N2987_2025-12-23.md', '2025-12-23T16:18:00-08:00'],
    [['2025-12-23 17:30 PST (updated)'], 'x.md', '2025-12-23T17:30:00-08:00'],
    [['2025-12-23 16:44'], 'verification_N2991_2025-12-23.md', '2025-12-23T16:44:00'],
    [['2025-12-24 00:05 UTC'], 'verification_N2983_2025-12-24.md', '2025-12-24T00:05:00Z'],
    [['2025-12-20 17:42:41.7696 -0800'], 'x.md', '2025-12-20T17:42:41-08:00'],
    [['2025-12-23T05:23:53Z'], 'x.md', '2025-12-23T05:23:53Z'],
    [['2025-12-23T16:18 PST'], 'x.md', '2025-12-23T16:18:00-08:00'],
    // An offset is not the end of a range (formal_verification_blog.md:5).
    [['2025-12-20T02:55:00-08:00'], 'x.md', '2025-12-20T02:55:00-08:00'],
    [['2025-12-23 09:27-09:30 PST'], 'x.md', '2025-12-23T09:30:00-08:00'],
    [['2025-12-23 14:05-14:30 PST'], 'x.md', '2025-12-23T14:30:00-08:00'],
    [['2025-12-25 16:15 (local)'], 'x.md', '2025-12-25T16:15:00'],
    [['Wed Dec 23 16:18:00 PST 2025'], 'x.md', '2025-12-23T16:18:00-08:00'],
    // A date without a time: the file name's time, the writer's local time (no zone).
    [['2025-12-24'], 'verification_N3025_20251223_200037.md', '2025-12-23T20:00:37'],
    [['2025-12-23'], 'verification_3059_2025-12-23-22-32.md', '2025-12-23T22:32:00'],
    // The first value with a time wins; values without one are passed over.
    [['2025-12-23', '2025-12-23 17:30 PST'], 'x.md', '2025-12-23T17:30:00-08:00'],
    [['2025-12-23'], 'verification_N2987_2025-12-23.md', null],
    [[], 'x.md', null],
    [['2025-02-30 10:00 PST'], 'x.md', null],
    [['2025-12-23 25:10'], 'x.md', null],
  ];
  for (const [values, path, want] of cases)
    assert.equal(reportedAt(values, path), want, `${values} / ${path}`);
});
