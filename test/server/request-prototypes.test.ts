import express from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';
import { describe, expect, it } from 'vitest';
import { createServer, listen } from '../../src/server/listen';
import { adoptPrototypes } from '../../src/server/request-prototypes';

describe("requests built with the app's prototypes", () => {
  it("are the app's requests and responses from the start, and Express serves them as its own", async () => {
    const server = createServer(undefined);
    const app = express();
    adoptPrototypes(server, app);
    const seen: { request: boolean; response: boolean }[] = [];
    // Looked at before Express, whose own setPrototypeOf would make the answer true anyway.
    server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
      seen.push({ request: Object.getPrototypeOf(req) === app.request, response: Object.getPrototypeOf(res) === app.response });
    });
    app.use(express.json());
    app.post('/echo', (req, res) => {
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

  it('leave upgrade requests (subscriptions) working: they are built the same way, and Express reads them', async () => {
    const server = createServer(undefined);
    const app = express();
    app.set('trust proxy', false);
    adoptPrototypes(server, app);
    server.on('request', app);
    const upgrades: { prototype: boolean; ip: unknown }[] = [];
    const sockets = new WebSocketServer({ noServer: true });
    server.on('upgrade', (req: IncomingMessage, socket, head) => {
      upgrades.push({ prototype: Object.getPrototypeOf(req) === app.request, ip: (req as unknown as { ip: unknown }).ip });
      sockets.handleUpgrade(req, socket, head, (ws) => ws.close());
    });
    const http = await listen(server, 0, '127.0.0.1');
    try {
      const ws = new WebSocket(http.url.replace('http', 'ws'));
      await new Promise((resolve) => ws.once('close', resolve));
      expect(upgrades).toEqual([{ prototype: true, ip: '127.0.0.1' }]);
    } finally {
      sockets.close();
      await http.close();
    }
  });

  it('refuses prototypes that are not a request and a response', () => {
    expect(() => adoptPrototypes(createServer(undefined), { request: {}, response: {} })).toThrow(/inherit/);
  });
});
