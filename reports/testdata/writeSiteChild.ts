/**
 * `node --import tsx reports/testdata/writeSiteChild.ts OUT SRC`: writes the
 * files of folder SRC as the site OUT with the real filesystem, and nothing
 * else — a small process for tests that kill it at a chosen system call.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeSite } from '../writeSite.ts';

const [out, src] = process.argv.slice(2);
const files = new Map(readdirSync(src).map((name) => [name, readFileSync(join(src, name))]));
writeSite(out, files, { database: 'child' });
