/** The session report (`roundbook report --session`, and the report written at the end of `roundbook run`). */
export { loadSessionReport } from './loadSessionReport.ts';
export { renderSessionReport, sessionSummary } from './renderSessionReport.ts';
export { parseSessionSelector } from './sessionSelector.ts';
export type * from './sessionTypes.ts';
export { runReportPath, writeRunReport } from './writeRunReport.ts';
