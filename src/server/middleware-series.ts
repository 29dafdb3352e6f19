import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Handlers run one after the other as one Express layer. The router matches
 * the path, trims the mount prefix and sets up each layer anew (a few
 * microseconds apiece), and the API path had more than a dozen layers for
 * every request. Each handler is called as the router would call it: what
 * it throws, or a promise it returns rejects with, goes to the error
 * handlers, and so does what it passes to `next` ('router' leaves the
 * router as it would; 'route' goes on to the next handler, as it did when
 * each was a layer).
 */
export function series(...handlers: RequestHandler[]): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    let index = 0;
    const step = (error?: unknown): void => {
      // 'route' skips what is left of a route, and these handlers are no route: as separate layers, the next one ran.
      if (error === 'route') return step();
      if (error !== undefined && error !== null) return next(error);
      const handler = handlers[index++];
      if (!handler) return next();
      try {
        const returned: unknown = handler(req, res, step);
        if (returned instanceof Promise) returned.catch((rejection: unknown) => next(rejection ?? new Error('a request handler rejected without a reason')));
      } catch (thrown) {
        next(thrown);
      }
    };
    step();
  };
}
