/**
 * Fleet mode: several hosts run one campaign coordinated through PostgreSQL
 * (`roundbook run CAMPAIGN --fleet URL`); `roundbook fleet status` and
 * `roundbook ingest postgres://…` read it.
 */

export type { FleetOptions } from '../runContext.ts';
export { FLEET_URL_ENV, isPostgresUrl, redactUrl, resolveFleetUrl } from './fleetConnection.ts';
export { FLEET_SCHEMA_SQL } from './fleetSchema.ts';
export { type FleetStatus, FleetStore, isConnectionError } from './fleetStore.ts';
export { DEFAULT_LEASE_S, runFleet } from './runFleet.ts';
