import Fastify, { type FastifyInstance } from 'fastify';
import { buildReport, diffDatasets, loadDataset, portabilityReport, SelectorError } from '../analysis/index.js';
import { queueStatus, queueStatusDocument } from '../fleet/status.js';
import { diffDocument } from '../report/diff-document.js';
import { FormatError } from '../report/render.js';
import { reportDocument } from '../report/report-document.js';
import type { Store } from '../store/store.js';
import { CSP, esc, gridHtml, lines, page } from './html.js';
import { diffBody, runsBody, trendsBody } from './pages.js';

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)]);

/**
 * The read-only dashboard: runs and targets with their fingerprints, the HTML report of
 * any selection, diffs, trends of a target over versions, the queue and its agents. Only
 * GET routes; every value from the store is escaped text; no page runs a script or loads
 * anything from elsewhere (Content-Security-Policy).
 */
export function buildServer(store: Store): FastifyInstance {
  const app = Fastify({ logger: false });
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('content-security-policy', CSP).header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer').header('cache-control', 'no-store');
    return payload;
  });
  const html = (body: string) => body;
  app.get('/', async (_req, reply) => {
    const ds = await loadDataset(store);
    reply.type('text/html; charset=utf-8');
    return html(page('Runs', runsBody(ds.runs, portabilityReport(ds))));
  });
  app.get('/report', async (req, reply) => {
    const q = req.query as Record<string, unknown>;
    const runs = await store.listRuns();
    const ids = q.all ? runs.map((r) => r.id) : list(q.run).flatMap((r) => r.split(',')).map(Number).filter((n) => Number.isInteger(n) && n > 0);
    const unknown = ids.filter((id) => !runs.some((r) => r.id === id));
    reply.type('text/html; charset=utf-8');
    if (!ids.length || unknown.length) {
      reply.code(ids.length ? 404 : 400);
      return page('Report', `<p class="bad">${esc(ids.length ? `no run ${unknown.join(', ')} in the store` : 'name a run: /report?run=ID (several: run=1&run=2), or /report?all=1')}</p>`);
    }
    const ds = await loadDataset(store, { runIds: ids });
    const doc = reportDocument(buildReport(ds), ds);
    try {
      if (doc.html) return await doc.html(); // the self-contained report page, charts as inline SVG
    } catch (e) {
      if (!(e instanceof FormatError)) throw e;
    }
    return page(`Report of run ${ids.join(', ')}`, lines(doc.header, 'mono') + doc.grids.map((g) => gridHtml(g)).join('') + lines(doc.notes, 'bad'));
  });
  app.get('/diff', async (req, reply) => {
    const q = req.query as Record<string, unknown>;
    const a = list(q.a)[0] ?? '';
    const b = list(q.b)[0] ?? '';
    reply.type('text/html; charset=utf-8');
    if (!a || !b) return page('Diff', diffBody(a, b, undefined, [], null));
    try {
      const doc = diffDocument(diffDatasets(await loadDataset(store), a, b));
      return page(`Diff ${a} → ${b}`, diffBody(a, b, doc.header, doc.grids, null));
    } catch (e) {
      if (!(e instanceof SelectorError)) throw e;
      reply.code(400);
      return page('Diff', diffBody(a, b, undefined, [], e.message));
    }
  });
  app.get('/trends', async (req, reply) => {
    const only = list((req.query as Record<string, unknown>).target)[0] ?? null;
    reply.type('text/html; charset=utf-8');
    return page(only ? `Trend of ${only}` : 'Trends', trendsBody(portabilityReport(await loadDataset(store)), only));
  });
  app.get('/queue', async (_req, reply) => {
    reply.type('text/html; charset=utf-8');
    if (store.dialect !== 'postgres') return page('Queue', '<p class="muted">The job queue lives in a PostgreSQL store; this one is SQLite.</p>');
    const doc = queueStatusDocument(await queueStatus(store.db));
    return page('Queue', lines(doc.header) + doc.grids.map((g) => gridHtml(g, (row, col) => (g.id === 'jobs' && col === 4 && row[4] ? `/report?run=${row[4]}` : null))).join(''));
  });
  app.setNotFoundHandler((_req, reply) => {
    reply.code(404).type('text/html; charset=utf-8').send(page('Not found', '<p>No such page.</p>'));
  });
  app.setErrorHandler((e, _req, reply) => {
    reply.code(500).type('text/html; charset=utf-8').send(page('Error', `<p class="bad">${esc((e as Error).message)}</p>`));
  });
  return app;
}
