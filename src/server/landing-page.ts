import type { RequestHandler } from 'express';

/**
 * A landing page that works offline. Apollo's default one loads Sandbox from a
 * CDN, which is unreachable from closed networks and leaks usage elsewhere;
 * this one points at the gateway's own console and GraphiQL (web/console).
 */
export function landingPage(describeBackend: () => string): RequestHandler {
  return (req, res) => {
    const endpoint = `${req.protocol}://${hostOf(req.get('host'))}/graphql`;
    res.type('html').send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Lookout Gateway</title><link rel="icon" href="/favicon.svg" type="image/svg+xml">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:3rem auto;padding:0 1rem}code,pre{background:#f3f3f3;padding:.1rem .3rem}pre{padding:.8rem;overflow:auto}a{color:#0b57d0}</style>
</head><body>
<h1>Lookout Gateway</h1>
<ul>
<li><a href="/console/">Web console</a>: projects, datasets, model versions, start and stop, try a model on an image.</li>
<li><a href="/graphql">GraphiQL</a>: run GraphQL operations in the browser (works offline).</li>
</ul>
<p>GraphQL endpoint: <code>POST /graphql</code>. Lookout backend: <code>${escapeHtml(describeBackend())}</code>.</p>
<p>Health: <a href="/healthz">/healthz</a> (process alive), <a href="/readyz">/readyz</a> (Lookout backend answers).</p>
<pre>curl -s ${escapeHtml(endpoint)} -H 'content-type: application/json' \\
  -d '{"query":"{ projects { name modelVersions { version status } } }"}'</pre>
<p>File uploads (<code>detectAnomalies</code>) use the GraphQL multipart request spec and must carry an
<code>apollo-require-preflight: true</code> header (CSRF protection).</p>
<p>The schema is in <code>schema.graphql</code>; the README walks through the main operations with curl.</p>
</body></html>`);
  };
}

/**
 * The host:port the caller reached the gateway by (its Host header, which the
 * ALLOWED_HOSTS check has already passed), for the curl example; anything but
 * a plain host name, IPv4 or [IPv6] address and port shows as a placeholder.
 */
export function hostOf(header: string | undefined): string {
  return header && /^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?$/.test(header) ? header : 'localhost:PORT';
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
