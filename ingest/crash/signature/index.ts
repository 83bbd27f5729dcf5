/** Crash signatures: an ordered rule pipeline plus plain-text skip/prefix lists (see rules/README.md). */
export { collapseTemplates } from './collapseTemplates.ts';
export { addressClass, exceptionKind, NEAR_NULL_LIMIT } from './exceptionKind.ts';
export { normaliseFrame } from './normaliseFrame.ts';
export {
  defaultRules,
  makeRules,
  parseRuleList,
  RULES_VERSION,
  SIGNATURE_CODE_VERSION,
  type SignatureRules,
} from './ruleLists.ts';
export {
  MAX_SIGNATURE_FRAMES,
  SIGNATURE_PIPELINE,
  type SignatureInput,
  type SignatureResult,
  signatureOf,
} from './signatureOf.ts';
