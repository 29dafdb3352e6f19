import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { series } from '../../src/server/middleware-series';

/** Runs `handler` as Express would, answering what it passed on to the next layer. */
function run(handler: RequestHandler): Promise<{ passed: unknown[] }> {
  return new Promise((resolve) => {
    const next: NextFunction = (...passed: unknown[]) => resolve({ passed });
    void handler({} as Request, {} as Response, next);
  });
}

describe('handlers in series as one layer', () => {
  it('runs them in order and goes on once the last is done', async () => {
    const order: number[] = [];
    const step = (n: number): RequestHandler => (_req, _res, next) => (order.push(n), next());
    expect(await run(series(step(1), step(2), step(3)))).toEqual({ passed: [] });
    expect(order).toEqual([1, 2, 3]);
  });

  it('hands the error handlers what a handler passes on, throws, or rejects with, and skips the rest', async () => {
    let reached = false;
    const rest: RequestHandler = () => void (reached = true);
    const failure = new Error('bad request');
    expect((await run(series((_req, _res, next) => next(failure), rest))).passed).toEqual([failure]);
    expect((await run(series(() => { throw failure; }, rest))).passed).toEqual([failure]);
    expect((await run(series(async () => { throw failure; }, rest))).passed).toEqual([failure]);
    expect(reached).toBe(false);
  });

  it("goes on to the next handler on next('route'), as separate layers did, and leaves the router on next('router')", async () => {
    const order: number[] = [];
    const step = (n: number): RequestHandler => (_req, _res, next) => (order.push(n), next());
    expect(await run(series(step(1), (_req, _res, next) => next('route'), step(3)))).toEqual({ passed: [] });
    expect(order).toEqual([1, 3]);
    expect(await run(series((_req, _res, next) => next('router'), step(4)))).toEqual({ passed: ['router'] });
    expect(order).toEqual([1, 3]);
  });

  it('stops where a handler answers without going on', async () => {
    const order: string[] = [];
    const answered = new Promise<void>((resolve) => {
      void series(() => (order.push('answer'), resolve()), () => void order.push('never'))({} as Request, {} as Response, () => order.push('next'));
    });
    await answered;
    expect(order).toEqual(['answer']);
  });
});
