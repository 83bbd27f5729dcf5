/** The runner: campaign files → child processes (retries, timeouts, crash capture) → round logs. */
export { type Campaign, CampaignError, campaignErrors, loadCampaign, parseCampaign } from './campaign.ts';
export type {
  CampaignSpec,
  ConfigSpec,
  CrashReportSpec,
  MetricsSpec,
  PassSpec,
  RetrySpec,
  StopSpec,
} from './campaignSchema.ts';
export {
  type CapturedReport,
  copyReports,
  defaultCrashFolders,
  globToRegExp,
  newReports,
  snapshotReports,
} from './crashReports.ts';
export { type FakeSpawner, type FakeStep, fakeResult, fakeSpawner } from './fakeSpawner.ts';
export { acquireLock } from './lock.ts';
export { LogWriter, readLogEvents } from './logFile.ts';
export {
  extractMetrics,
  jsonMetrics,
  type Metric,
  regexMetrics,
  type ScalingPoint,
  threadTable,
} from './metrics.ts';
export {
  type AttemptOutcome,
  type Classified,
  classifyAttempt,
  type RoundStatus,
  roundStatus,
  signalOfExitCode,
} from './outcome.ts';
export { type Order, type PlannedRound, parseShard, planRounds, type Shard, shardPlan } from './plan.ts';
export { envFiles, type ProbeResult, probeConfig } from './probe.ts';
export { autoProgress, type ProgressSink, plainProgress, tallyLine, terminalProgress } from './progress.ts';
export { mulberry32, shuffled } from './random.ts';
export { cutTornTail, hostLogFiles, type RunState, readRunState, roundKey } from './resume.ts';
export { efficiencyOf, type RoundContext, type RoundResult, runRound } from './round.ts';
export { type RunOptions, type RunSummary, runCampaign, safeHost, sleep, stamp } from './runCampaign.ts';
export {
  directSpawner,
  killGroup,
  processSpawner,
  type Spawner,
  type SpawnRequest,
  type SpawnResult,
} from './spawner.ts';
export { type SprtParams, type SprtResult, sprt } from './sprt.ts';
export { addRound, emptyTally, type Tally } from './tally.ts';
export { type LiveInterval, wilson } from './wilson.ts';
