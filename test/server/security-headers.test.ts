import express from 'express';
import helmet from 'helmet';
import { beforeAll, describe, expect, it } from 'vitest';
import { listen, type Listening } from '../../src/server/listen';
import { securityHeaders } from '../../src/server/security-headers';

/** The headers of a plain answer from an app with `headers` in front, minus those that change per answer. */
async function headersThrough(headers: express.RequestHandler): Promise<Record<string, string>> {
  const app = express();
  app.disable('x-powered-by');
  app.use(headers);
  app.get('/', (_req, res) => void res.send('ok'));
  const http: Listening = await listen(app, 0, '127.0.0.1');
  try {
    const response = await fetch(http.url);
    const all = Object.fromEntries(response.headers);
    delete all.date;
    return all;
  } finally {
    await http.close();
  }
}

describe("helmet's headers, worked out once", () => {
  let expected: Record<string, string>;
  beforeAll(async () => {
    expected = await headersThrough(helmet());
  });

  it('are the headers helmet sets, with the same values', async () => {
    expect(await headersThrough(securityHeaders())).toEqual(expected);
    expect(expected['content-security-policy']).toContain("default-src 'self'");
  });

  it('refuse options that depend on the request', () => {
    expect(() => securityHeaders({ contentSecurityPolicy: { directives: { scriptSrc: ["'self'", () => "'nonce-x'"] } } })).toThrow(/without functions/);
  });
});
