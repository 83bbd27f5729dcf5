/**
 * `roundbook build`: the main job. Runs (or finishes) the configured
 * campaigns, ingests every input, analyses, writes the report site, and prints
 * the verdict lines, where the site is, and last the bottom lines of the
 * three questions (questionBottomLines.ts). Re-running with unchanged inputs
 * runs no round (campaigns resume to completion), re-parses no file and
 * rewrites no page.
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { analyze } from '../../analysis/derive/index.ts';
import { ingestPaths } from '../../ingest/ingest.ts';
import { BUILTIN_PAGES_DIR, buildReports } from '../../reports/build.ts';
import { loadCampaign } from '../../runner/campaign.ts';
import { autoProgress } from '../../runner/progress.ts';
import { runCampaign } from '../../runner/runCampaign.ts';
import { runSummaryLines } from '../../runner/runSummaryTable.ts';
import { Db } from '../../store/db.ts';
import { type EnvironmentLabels, environmentWords } from '../bottomLine.ts';
import { paint } from '../colour.ts';
import { type Command, JSON_OPTION } from '../command.ts';
import { onInterrupt } from '../interrupt.ts';
import { linkBaseOption } from '../linkBaseOption.ts';
import { progressReporter } from '../progress.ts';
import { CONFIG_FILE, loadProjectConfig } from '../projectConfig.ts';
import { questionBottomLines } from '../questionBottomLines.ts';
import { terminalJson, terminalText } from '../terminalText.ts';

export const buildCommand: Command = {
  name: 'build',
  summary: 'Run configured campaigns, ingest, analyse and write the report site',
  usage: 'roundbook build [--config FILE] [--no-run] [--link-base URL] [--json]',
  options: {
    config: { type: 'string', description: `project configuration (default: ./${CONFIG_FILE} when present)` },
    'no-run': {
      type: 'boolean',
      default: false,
      description: 'do not run campaigns, only ingest what is there',
    },
    'link-base': {
      type: 'string',
      description:
        'base URL (e.g. https://github.com/ORG/REPO/blob/COMMIT): every cited path:line on the site links to URL/<path>#L<line>',
    },
    ...JSON_OPTION,
  },
  details:
    `Without ${CONFIG_FILE}: campaigns data/campaigns/demo.yaml, inputs data/examples and data/rounds,\n` +
    'database data/roundbook.duckdb, pages from reports/pages plus ./pages, site in ./site.',
  async run(_positionals, values) {
    const config = loadProjectConfig(typeof values.config === 'string' ? values.config : undefined);
    const json = Boolean(values.json);
    const linkBase = linkBaseOption(values['link-base']);
    const say = (s: string) => {
      if (!json) process.stdout.write(`${s}\n`);
    };
    const c = paint();
    const campaigns = [];
    if (!values['no-run']) {
      // Ctrl-C during the campaigns stops them cleanly (their logs end with an `end` event) and ends the build.
      const interrupt = onInterrupt(
        'stopping: the attempt in flight is killed; finished attempts are recorded (Ctrl-C again to quit now)',
      );
      try {
        for (const file of config.campaigns) {
          if (!existsSync(file)) {
            say(`campaign ${terminalText(relative(process.cwd(), file))}: not found, skipped`);
            continue;
          }
          const campaign = loadCampaign(file);
          const summary = await runCampaign(campaign, {
            logsRoot: config.logs,
            resume: true,
            signal: interrupt.signal,
            progress: json ? undefined : autoProgress(),
          });
          campaigns.push({
            file,
            campaign: summary.campaign,
            rounds_run: summary.roundsRun,
            reason: summary.reason,
          });
          say(
            `campaign ${terminalText(summary.campaign)}: ${summary.roundsRun ? `${summary.roundsRun} rounds run; ` : ''}${terminalText(summary.reason)}`,
          );
          if (!json && summary.roundsRun > 0 && summary.logFile)
            for (const line of runSummaryLines(summary.logFile)) say(terminalText(line));
          const status = interrupt.status();
          if (status !== null) {
            if (json) process.stdout.write(`${terminalJson({ campaigns, interrupted: true })}\n`);
            return status;
          }
        }
      } finally {
        interrupt.dispose();
      }
    }
    const db = await Db.open(config.db);
    try {
      const progress = json ? undefined : progressReporter('ingest');
      const ingest = await ingestPaths(
        db,
        config.inputs.filter((p) => existsSync(p)),
        { onProgress: progress?.update },
      );
      progress?.stop();
      const f = ingest.files;
      say(
        `ingest: ${f.seen} files (${f.parsed} parsed, ${f.unchanged} unchanged; ${f.ok} ok, ${f.partial} partial, ${f.rejected} rejected) in ${ingest.seconds.toFixed(1)} s`,
      );
      const analysis = await analyze(db);
      say(
        `analyze: ${Object.entries(analysis.rows)
          .map(([t, n]) => `${t} ${n}`)
          .join(', ')}`,
      );
      const site = await buildReports({
        db,
        pagesDirs: [BUILTIN_PAGES_DIR, ...config.pages.filter((p) => existsSync(p))],
        outDir: config.out,
        formats: config.formats,
        ...(linkBase ? { linkBase } : {}),
      });
      const written = site.files.filter((x) => x.status !== 'unchanged').length;
      const verdicts = await db.all<{ answer: string; config: string; sentence: string } & EnvironmentLabels>(
        `SELECT answer, config, sentence, fix_variant, torch_version, threads, wrapper, workload, serialised
         FROM verdicts WHERE trials > 0 ORDER BY CASE answer WHEN 'unsafe' THEN 0 WHEN 'undecided' THEN 1 ELSE 2 END, config`,
      );
      const questions = await questionBottomLines(db);
      if (json) {
        process.stdout.write(`${terminalJson({ campaigns, ingest, analysis, site, verdicts, questions })}\n`);
        return 0;
      }
      say('');
      say(c.bold('Verdicts (crash rate below 1% at 95% confidence):'));
      for (const v of verdicts) {
        const word = v.answer.toUpperCase().padEnd(9);
        const coloured =
          v.answer === 'safe' ? c.green(word) : v.answer === 'unsafe' ? c.red(word) : c.yellow(word);
        say(`  ${coloured} ${terminalText(environmentWords(v))}`);
      }
      say('');
      say(
        `site: ${terminalText(join(relative(process.cwd(), config.out) || '.', site.entry))} (${written} files written, ${site.files.length - written} unchanged)`,
      );
      // Last, the three questions' bottom lines: what a person reads when the build is done.
      for (const q of questions) {
        say('');
        say(c.bold(`${q.question[0].toUpperCase()}${q.question.slice(1)}`));
        for (const line of q.bottom_lines) say(`  ${terminalText(line)}`);
      }
      return 0;
    } finally {
      db.close();
    }
  },
};
