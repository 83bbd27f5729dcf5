/**
 * The live preview's server: serves the in-memory site (`PreviewSite`) on
 * 127.0.0.1 with `node:http`, watches the page folders and the database file,
 * rebuilds what a change touches and tells each open page over Server-Sent
 * Events, and the page reloads itself when its version changed. The reload
 * script is put only into the HTML served here (the page's
 * Content-Security-Policy extended by that one script's hash and `connect-src
 * 'self'`); the site `roundbook report` writes stays script-free.
 */
import { createHash } from 'node:crypto';
import { type FSWatcher, statSync, watch } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, dirname, join, resolve } from 'node:path';
import { isPageFileName } from '../loadPages.ts';
import type { PreviewChange } from './pagesTouched.ts';
import { escapeHtml, type PreviewSite, type PreviewUpdate } from './previewSite.ts';

/** The path the pages listen on for page versions. */
export const EVENTS_PATH = '/__roundbook/events';

/**
 * The reload script: reads its page's version from its own `data-v`, listens
 * for the versions of every page, and reloads when its page's differs (a
 * version sent on connecting catches a change made while it loaded).
 */
export const RELOAD_SCRIPT =
  "(()=>{const v=document.currentScript.dataset.v,s=decodeURIComponent(location.pathname).replace(/^\\/|\\.html$/g,'')||'index',e=new EventSource('" +
  EVENTS_PATH +
  "');e.onopen=()=>{document.documentElement.dataset.roundbookPreview='live'};e.onmessage=m=>{const n=JSON.parse(m.data)[s];if((n===undefined?'none':String(n))!==v)location.reload()}})()";

const SCRIPT_HASH = `'sha256-${createHash('sha256').update(RELOAD_SCRIPT).digest('base64')}'`;

/**
 * `html` with the reload script for a page of `version` (`none`: a page that
 * does not exist) before `</body>`, and its Content-Security-Policy allowing
 * that script and the event stream.
 */
export function injectReload(html: string, version: number | 'none'): string {
  const csp = html.replace(
    /(<meta http-equiv="Content-Security-Policy" content=")([^"]*)"/i,
    (_m, head: string, policy: string) => `${head}${policy}; script-src ${SCRIPT_HASH}; connect-src 'self'"`,
  );
  const script = `<script data-v="${version}">${RELOAD_SCRIPT}</script>`;
  const at = csp.lastIndexOf('</body>');
  return at < 0 ? csp + script : csp.slice(0, at) + script + csp.slice(at);
}

/** Where the preview listens and what it watches. */
export interface PreviewServerOptions {
  site: PreviewSite;
  /** 0: any free port. */
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Page folders to watch (missing ones are skipped). */
  pagesDirs: readonly string[];
  /** The database file to watch (and its `.wal`). */
  dbPath: string;
  /** Told after every rebuild (the first build included). */
  onUpdate?: (update: PreviewUpdate) => void;
  /** Wait after a file event before rebuilding, to gather a burst (default 40 ms; the database's 4 times that). */
  debounceMs?: number;
}

/** A running preview. */
export interface RunningPreview {
  url: string;
  /** The first build's result. */
  first: PreviewUpdate;
  /** Stops watching, ends every event stream, closes the server. */
  close(): Promise<void>;
}

/**
 * Builds the site, then serves it and rebuilds on every change until
 * `close()`. Rebuilds run one at a time; changes during one are gathered into
 * the next. A database that cannot be opened (an ingest writing it) is tried
 * again every second until it opens.
 */
export async function startPreview(opts: PreviewServerOptions): Promise<RunningPreview> {
  const { site } = opts;
  const debounce = opts.debounceMs ?? 40;
  const first = await site.update({ files: [], database: true });
  opts.onUpdate?.(first);

  const streams = new Set<ServerResponse>();
  const broadcast = () => {
    const data = `data: ${JSON.stringify(site.pageVersions())}\n\n`;
    for (const res of streams) res.write(data);
  };

  const server = createServer((req, res) => {
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === EVENTS_PATH) {
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.write(`retry: 500\ndata: ${JSON.stringify(site.pageVersions())}\n\n`);
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const slug = path.replace(/^\//, '').replace(/\.html$/, '') || 'index';
    const page = site.page(slug);
    const headers = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };
    if (!page) {
      const known = site
        .slugs()
        .map((s) => `<li><a href="${escapeHtml(encodeURIComponent(s))}.html">${escapeHtml(s)}</a></li>`)
        .join('');
      res
        .writeHead(404, headers)
        .end(
          injectReload(
            `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>not found · roundbook preview</title></head><body><p>No page ${escapeHtml(path)}. Pages:</p><ul>${known}</ul></body></html>\n`,
            'none',
          ),
        );
      return;
    }
    res
      .writeHead(200, headers)
      .end(req.method === 'HEAD' ? undefined : injectReload(page.html, page.version));
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => ok());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  // Changes gathered until the next rebuild; one rebuild at a time.
  const files = new Set<string>();
  let database = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let closed = false;
  const schedule = (ms: number) => {
    if (closed) return;
    clearTimeout(timer);
    timer = setTimeout(() => void rebuild(), ms);
  };
  const rebuild = async (): Promise<void> => {
    if (running) {
      await running;
      if (files.size || database) schedule(0);
      return;
    }
    const change: PreviewChange = { files: [...files], database };
    files.clear();
    database = false;
    running = (async () => {
      const update = await site.update(change);
      if (closed) return;
      opts.onUpdate?.(update);
      if (update.changed.length) broadcast();
      if (update.databaseFailed) schedule(1000);
    })().finally(() => {
      running = undefined;
    });
    await running;
  };

  const watchers: FSWatcher[] = [];
  for (const dir of new Set(opts.pagesDirs.map((d) => resolve(d)))) {
    try {
      if (!statSync(dir).isDirectory()) continue;
    } catch {
      continue;
    }
    watchers.push(
      watch(dir, (_event, name) => {
        if (name && !isPageFileName(String(name))) return;
        if (name) files.add(join(dir, String(name)));
        schedule(debounce);
      }),
    );
  }
  const dbFile = resolve(opts.dbPath);
  const dbSignature = () =>
    [dbFile, `${dbFile}.wal`]
      .map((f) => {
        try {
          const s = statSync(f);
          return `${s.ino}:${s.size}:${s.mtimeMs}`;
        } catch {
          return '-';
        }
      })
      .join(' ');
  let lastDb = dbSignature();
  watchers.push(
    watch(dirname(dbFile), (_event, name) => {
      if (name && String(name) !== basename(dbFile) && String(name) !== `${basename(dbFile)}.wal`) return;
      const now = dbSignature();
      if (now === lastDb) return;
      lastDb = now;
      database = true;
      schedule(debounce * 4);
    }),
  );

  return {
    url: `http://${host}:${address.port}/`,
    first,
    async close() {
      closed = true;
      clearTimeout(timer);
      for (const w of watchers) w.close();
      for (const res of streams) res.end();
      streams.clear();
      await running;
      await new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      });
    },
  };
}
