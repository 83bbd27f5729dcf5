/**
 * The caches the live preview passes to the page steps: a query whose SQL is
 * in the page's cache does not run (a page whose every query is in it does not
 * open the database), and a chart whose spec and page results are unchanged is
 * not drawn again. Each cache is left holding exactly the last run's entries.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Db } from '../store/db.ts';
import { compilePage } from './compilePage.ts';
import { parsePage } from './page/parsePage.ts';
import type { ChartBlock } from './pageTypes.ts';
import { renderPageCharts } from './renderPageCharts.ts';
import { type QueryCache, runQueries } from './runQueries.ts';
import { fixtureDb } from './testdata/fixtureDb.ts';

const PAGE = (where: string) =>
  `# Cached\n\n\`\`\`sql rates\nSELECT config, rate FROM rates ${where}\n\`\`\`\n\n\`\`\`sql top\nSELECT * FROM \${rates} ORDER BY rate DESC LIMIT 1\n\`\`\`\n\n\`\`\`chart dots\ndata: rates\nmarks:\n  - {type: dot, x: config, y: rate}\n\`\`\`\n`;

test('queries in the cache do not run, and a page all in it does not open the database', async () => {
  const cache: QueryCache = new Map();
  let opens = 0;
  const dbs: Db[] = [];
  const open = async () => {
    opens++;
    dbs.push(await fixtureDb());
    return dbs[dbs.length - 1];
  };
  const page = parsePage(PAGE(''), 'p.md').page;
  const first = await runQueries(open, page, { cache });
  assert.deepEqual([first.errors, opens, cache.size], [[], 1, 2]);
  const again = await runQueries(open, page, { cache });
  assert.equal(opens, 1, 'every query was in the cache');
  assert.deepEqual(again.results, first.results);
  // A changed query runs; the one that reads it too (its SQL holds the other's).
  const changed = await runQueries(open, parsePage(PAGE("WHERE config = 'v2.3'"), 'p.md').page, { cache });
  assert.equal(opens, 2);
  assert.deepEqual(
    changed.results.get('rates')?.rows.map((r) => r.config),
    ['v2.3', 'v2.3'],
  );
  assert.equal(cache.size, 2, 'only the last run is kept');
  for (const db of dbs) db.close();
});

test('a chart with the same spec and results is not drawn again; new rows draw it again', async () => {
  const db = await fixtureDb();
  try {
    const compile = async (where: string) => {
      const page = parsePage(PAGE(where), 'p.md').page;
      return compilePage(page, (await runQueries(db, page)).results).compiled;
    };
    const cache = new Map<string, string>();
    let draws = 0;
    const draw = (b: ChartBlock) => `<svg>${b.name} ${++draws}</svg>`;
    const a = await compile('');
    assert.equal(renderPageCharts(a, draw, cache).charts.get('dots'), '<svg>dots 1</svg>');
    assert.equal(renderPageCharts(await compile(''), draw, cache).charts.get('dots'), '<svg>dots 1</svg>');
    assert.equal(draws, 1);
    assert.equal(
      renderPageCharts(await compile('WHERE rate > 0.95'), draw, cache).charts.get('dots'),
      '<svg>dots 2</svg>',
    );
    assert.equal(cache.size, 1);
    // Without a cache every render draws.
    renderPageCharts(a, draw);
    assert.equal(draws, 3);
  } finally {
    db.close();
  }
});
