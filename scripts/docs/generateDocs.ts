/**
 * The reference documents generated from the code, by path: what `npm run
 * docs` writes and what scripts/docs/docs.test.ts compares the committed
 * files with.
 */
import { campaignJsonSchema, campaignMarkdown } from './campaignDocs.ts';
import { tablesMarkdown } from './tablesMarkdown.ts';

/** Path (relative to the project root) → text, for every generated document. */
export function generateDocs(): Record<string, string> {
  return {
    'docs/campaign.md': campaignMarkdown(),
    'docs/campaign.schema.json': `${JSON.stringify(campaignJsonSchema(), null, 2)}\n`,
    'docs/tables.md': tablesMarkdown(),
  };
}
