/**
 * The campaign file's reference, generated from its zod schema
 * (runner/campaignSchema.ts): the JSON Schema an editor completes and checks
 * campaign files with, and `docs/campaign.md`, every key with its type,
 * default and meaning (the schema's `.describe()` texts).
 */
import { z } from 'zod';
import { campaignSchema } from '../../runner/campaignSchema.ts';

/** A JSON Schema node, as far as these docs read it. */
export interface JsonSchema {
  type?: string | string[];
  description?: string;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minItems?: number;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  [key: string]: unknown;
}

/**
 * The campaign file's JSON Schema (draft 2020-12) as files are written (before defaults and transforms), with the
 * defaults a transform hides from zod's converter put back.
 */
export function campaignJsonSchema(): JsonSchema {
  const schema = z.toJSONSchema(campaignSchema, {
    io: 'input',
    override: (ctx) => {
      const def = (ctx.zodSchema as unknown as { _zod: { def: { type: string; defaultValue?: unknown } } })
        ._zod.def;
      if (def.type === 'default' && ctx.jsonSchema.default === undefined)
        ctx.jsonSchema.default = def.defaultValue;
    },
  }) as JsonSchema;
  return {
    ...schema,
    title: 'roundbook campaign file',
    description: 'A campaign of rounds for `roundbook run` (docs/campaign.md).',
  };
}

const code = (v: unknown) => `\`${typeof v === 'string' ? v : JSON.stringify(v)}\``;

/** A node's type in words: `integer ≥ 1`, `list of text`, `name → text`, `"fixed"`. */
export function typeText(s: JsonSchema): string {
  if (s.const !== undefined) return code(s.const);
  if (s.enum) return s.enum.map(code).join(' | ');
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return [...new Set(alts.map(typeText))].join(' or ');
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  const one = (t: string): string => {
    if (t === 'string') return 'text';
    if (t === 'integer' || t === 'number') {
      const word = t === 'integer' ? 'integer' : 'number';
      const bounds = [
        s.exclusiveMinimum !== undefined ? `> ${s.exclusiveMinimum}` : null,
        s.minimum !== undefined && s.minimum > Number.MIN_SAFE_INTEGER ? `≥ ${s.minimum}` : null,
        s.exclusiveMaximum !== undefined ? `< ${s.exclusiveMaximum}` : null,
        s.maximum !== undefined && s.maximum < Number.MAX_SAFE_INTEGER ? `≤ ${s.maximum}` : null,
      ].filter((x) => x !== null);
      return bounds.length ? `${word} ${bounds.join(', ')}` : word;
    }
    if (t === 'boolean') return 'true/false';
    if (t === 'null') return 'null';
    if (t === 'array')
      return `list of ${s.items ? typeText(s.items) : 'values'}${s.minItems ? ` (≥ ${s.minItems})` : ''}`;
    if (t === 'object') {
      if (s.properties) return 'section';
      if (typeof s.additionalProperties === 'object') return `name → ${typeText(s.additionalProperties)}`;
      return 'mapping';
    }
    return t;
  };
  return types.map(one).join(' or ');
}

/** A default in a table cell; a required key says so. */
function defaultText(s: JsonSchema, required: boolean): string {
  if (required) return '**required**';
  if (s.default === undefined) return '—';
  if (s.properties && s.default !== undefined) return "its keys' defaults";
  return code(s.default);
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

interface Row {
  key: string;
  type: string;
  default: string;
  meaning: string;
}

/** The rows of `s`'s keys under `prefix`, sections and lists of sections flattened into dotted keys. */
function rows(s: JsonSchema, prefix: string): Row[] {
  const out: Row[] = [];
  for (const [name, p] of Object.entries(s.properties ?? {})) {
    const key = `${prefix}${name}`;
    const required = s.required?.includes(name) ?? false;
    const variants = (p.anyOf ?? p.oneOf ?? []).filter((v) => v.properties);
    out.push({ key, type: typeText(p), default: defaultText(p, required), meaning: p.description ?? '' });
    if (p.properties) out.push(...rows(p, `${key}.`));
    else if (p.items?.properties) out.push(...rows(p.items, `${key}[].`));
    else if (typeof p.additionalProperties === 'object' && p.additionalProperties.properties)
      out.push(...rows(p.additionalProperties, `${key}.<name>.`));
    else if (variants.length)
      for (const v of variants) {
        const tag = Object.entries(v.properties ?? {}).find(([, x]) => x.const !== undefined);
        for (const r of rows(v, `${key}.`))
          out.push(
            tag && r.key !== `${key}.${tag[0]}`
              ? { ...r, key: `${r.key} (${tag[0]}: ${String(tag[1].const)})` }
              : r,
          );
      }
  }
  return mergeVariants(out);
}

/** The rows of one key from several variants (`stop.rule`: `fixed`, `always-valid`, …) as one row. */
function mergeVariants(list: Row[]): Row[] {
  const out: Row[] = [];
  for (const r of list) {
    const seen = out.find((o) => o.key === r.key);
    if (!seen) out.push({ ...r });
    else {
      if (!seen.type.includes(' | ')) seen.meaning = `${seen.type}: ${seen.meaning}`;
      seen.type = `${seen.type} | ${r.type}`;
      seen.meaning = `${seen.meaning} ${r.type}: ${r.meaning}`;
    }
  }
  return out;
}

/** `docs/campaign.md`: how to point an editor at the schema, then every key of a campaign file. */
export function campaignMarkdown(): string {
  const schema = campaignJsonSchema();
  const table = rows(schema, '')
    .map((r) => `| \`${cell(r.key)}\` | ${cell(r.type)} | ${cell(r.default)} | ${cell(r.meaning)} |`)
    .join('\n');
  return `<!-- Generated by \`npm run docs\` from runner/campaignSchema.ts: edit the schema's .describe() texts, not this file. -->
# The campaign file

A campaign file (YAML) tells \`roundbook run\` what to run, in which
configurations, how many rounds, what passes, and when to stop. Only
\`command\` and \`configs\` are required; every other key has the default
below. Durations are seconds, or text such as \`500ms\`, \`90s\`, \`10m\`,
\`1h\`. Examples: [data/campaigns/](../data/campaigns/). A mistake is reported
with the file, line and key (\`roundbook run --dry-run FILE\` checks a file
without running it).

## Completion and checking in your editor

[campaign.schema.json](campaign.schema.json) is the JSON Schema of the
format. With the YAML language server (VS Code's YAML extension, Neovim,
Helix, Zed), put this first line in a campaign file:

\`\`\`yaml
# yaml-language-server: $schema=../../docs/campaign.schema.json
\`\`\`

(the path is relative to the campaign file), or map a pattern in VS Code's
settings: \`"yaml.schemas": {"./docs/campaign.schema.json": "data/campaigns/*.yaml"}\`.
The schema checks what the file says; \`roundbook run\` also checks what no
schema can (regular expressions compile, a shard's I ≤ N).

## Keys

\`<name>\` stands for a configuration's name; \`[]\` for each entry of a list.

| key | type | default | meaning |
|---|---|---|---|
${table}
`;
}
