import express, { Router, type RequestHandler } from 'express';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Where `npm run build` puts the console (web/console, built by Vite): dist/console, from src/server as from dist/server. */
export const CONSOLE_DIR = join(__dirname, '..', '..', 'dist', 'console');

/**
 * The Content-Security-Policy of the console and GraphiQL pages: helmet's
 * default, loosened only where they need it. Scripts, workers (monaco's
 * editor workers) and fonts are the gateway's own files; images may be
 * data: URLs (thumbnails, masks) and blob: URLs (an image before upload);
 * GraphQL goes to this origin, over HTTP and WebSocket (graphql-ws).
 * Styles keep 'unsafe-inline' as in helmet's default: monaco sets them.
 */
export const CONSOLE_CSP = helmet.contentSecurityPolicy({
  useDefaults: true,
  directives: {
    'script-src': ["'self'"],
    'worker-src': ["'self'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    // The gateway may be served over plain HTTP on a LAN; same-origin requests must not be rewritten to https.
    'upgrade-insecure-requests': null,
  },
});

/**
 * The gateway's icon: a lens over a part, in the console's blue. SVG (every
 * current browser takes it as a favicon), inline so that it needs no build;
 * also answered at /favicon.ico, which browsers ask for on every page.
 */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#0b57d0"/><circle cx="14" cy="14" r="7.5" fill="none" stroke="#fff" stroke-width="3"/><path d="M19.5 19.5 26 26" stroke="#fff" stroke-width="3.5" stroke-linecap="round"/><circle cx="14" cy="14" r="2.5" fill="#f4b400"/></svg>`;

const faviconRoute: RequestHandler = (_req, res) => {
  res.setHeader('cache-control', 'public, max-age=86400');
  res.type('image/svg+xml').send(FAVICON_SVG);
};

/**
 * The web console at /console: Vite's hashed assets (cached for a year) and
 * index.html for every other path under /console (the app routes itself).
 * The page itself holds no data: everything comes from /graphql with the
 * caller's key, so it needs no authentication of its own.
 */
export function consoleRoutes(dir = CONSOLE_DIR): Router {
  const router = Router();
  const built = () => existsSync(join(dir, 'index.html'));
  router.get(['/favicon.ico', '/favicon.svg'], faviconRoute);
  router.use('/console', CONSOLE_CSP);
  router.use('/console/assets', express.static(join(dir, 'assets'), { immutable: true, maxAge: '365d', index: false }), (_req, res) => {
    // Not index.html: a missing script must fail as one, not run a page as JavaScript.
    res.status(404).type('text').send('Not found.\n');
  });
  // A mounted handler, not a route with a path parameter: the path is the app's to read, so a malformed %-escape
  // in it (a hand-edited address) still gets the page, which says there is no such page, instead of a decoding error.
  router.use('/console', (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (!built()) {
      res.status(503).type('text').send('The console is not built: run `npm run build` (it builds web/console into dist/console).\n');
      return;
    }
    if (req.originalUrl === '/console' || req.originalUrl.startsWith('/console?')) return res.redirect(301, '/console/');
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(join(dir, 'index.html'));
  });
  return router;
}

/**
 * GET /graphql from a browser (Accept: text/html, no `query`): the offline
 * GraphiQL of the same build, instead of Apollo's answer. Anything else
 * (GET queries, POST, WebSocket upgrades) goes on to /graphql.
 */
export function graphiqlPage(dir = CONSOLE_DIR): RequestHandler {
  const page = join(dir, 'graphiql.html');
  return (req, res, next) => {
    if (req.method !== 'GET' || req.query.query !== undefined || req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) !== 'text/html') return next();
    if (!existsSync(page)) return next();
    CONSOLE_CSP(req, res, () => {
      res.setHeader('cache-control', 'no-cache');
      res.sendFile(page);
    });
  };
}
