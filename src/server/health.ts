import { Router } from 'express';

/**
 * `/healthz` says the process serves HTTP; `/readyz` says the Lookout backend
 * answers too, so a load balancer only routes to gateways that can work.
 */
export function healthRoutes(checkBackend: () => Promise<void>): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    try {
      await checkBackend();
      res.json({ status: 'ready' });
    } catch (error) {
      const code = (error as { extensions?: { code?: string } }).extensions?.code ?? 'UPSTREAM_UNAVAILABLE';
      res.status(503).json({ status: 'unavailable', code });
    }
  });
  return router;
}
