/**
 * `npm run docs`: writes the reference documents generated from the code
 * (docs/campaign.md, docs/campaign.schema.json, docs/tables.md). A test
 * fails when the committed ones differ from what this would write.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { generateDocs } from './docs/generateDocs.ts';

for (const [path, text] of Object.entries(generateDocs())) {
  let old: string | null = null;
  try {
    old = readFileSync(path, 'utf8');
  } catch {
    // new file
  }
  if (old === text) {
    console.log(`${path}: unchanged`);
    continue;
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  console.log(`${path}: written`);
}
