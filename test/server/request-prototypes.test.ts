import express from 'express';
import { describe, expect, it } from 'vitest';
import { createServer, listen } from '../../src/server/listen';
import { adoptPrototypes } from '../../src/server/request-prototypes';

describe("requests built with the app's prototypes", () => {
  it("are the app's requests and responses from the start, and Express serves them as its own", async () => {
    const server = createServer(undefined);
    const app = express();
    adoptPrototypes(server, app);
    const seen: { request: boolean; response: boolean }[] = [];
    app.use(express.json());
    app.post('/echo', (req, res) => {
      seen.push({ request: Object.getPrototypeOf(req) === app.request, response: Object.getPrototypeOf(res) === app.response });
      res.status(201).json({ got: (req.body as { n: number }).n, path: req.path });
    });
    server.on('request', app);
    const http = await listen(server, 0, '127.0.0.1');
    try {
      for (const n of [1, 2]) {
        const answer = await fetch(`${http.url}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ n }) });
        expect(answer.status).toBe(201);
        expect(await answer.json()).toEqual({ got: n, path: '/echo' });
      }
      expect(seen).toEqual([
        { request: true, response: true },
        { request: true, response: true },
      ]);
    } finally {
      await http.close();
    }
  });

  it('refuses prototypes that are not a request and a response', () => {
    expect(() => adoptPrototypes(createServer(undefined), { request: {}, response: {} })).toThrow(/inherit/);
  });
});
