/**
 * The environments of a configuration: the variables that define it (recorded
 * with every attempt, fingerprinted by the probe) and the complete environment
 * its processes see.
 */
import type { Campaign } from './campaign.ts';

/**
 * The variables that define a configuration: the campaign's `env` overlaid by
 * the configuration's own.
 *
 * @example definingEnv(campaign, 'fix') // { MPS_USE_AGX_FIX: '1' }
 */
export function definingEnv(campaign: Campaign, config: string): Record<string, string> {
  return { ...campaign.env, ...campaign.configs[config].env };
}

/**
 * The complete environment of a configuration's processes in run `run`: this
 * process's environment (read at the call), the defining variables, and
 * `ROUNDBOOK_CAMPAIGN`, `ROUNDBOOK_CONFIG`, `ROUNDBOOK_RUN`.
 */
export function childEnv(campaign: Campaign, config: string, run: string): Record<string, string> {
  return {
    ...(process.env as Record<string, string>),
    ...definingEnv(campaign, config),
    ROUNDBOOK_CAMPAIGN: campaign.name,
    ROUNDBOOK_CONFIG: config,
    ROUNDBOOK_RUN: run,
  };
}
