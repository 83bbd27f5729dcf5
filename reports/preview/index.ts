/**
 * The live preview (`roundbook preview`): the site built in memory page by
 * page (`PreviewSite`, which pages a change touches: `pagesTouched`), served
 * on 127.0.0.1 with a reload script only in what is served (`startPreview`).
 */
export { DbSnapshot } from './dbSnapshot.ts';
export { type PreviewChange, pagesTouched, type Touched } from './pagesTouched.ts';
export { EVENTS_PATH, injectReload, type RunningPreview, startPreview } from './previewServer.ts';
export { PreviewSite, type PreviewSiteOptions, type PreviewUpdate } from './previewSite.ts';
