import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { graphqlUploadExpress } from 'graphql-upload-minimal';
import { sendHttpError } from './http-errors';

const PREFLIGHT_HEADERS = ['apollo-require-preflight', 'x-apollo-operation-name'];

/**
 * Multipart handling for `/graphql`, in the order that keeps uploads safe:
 * 1. refuse a multipart request without a preflight header before parsing it
 *    (Apollo would refuse it too, but only after the file had been received);
 * 2. parse it, one file at most, bounded by `maxUploadBytes`;
 * 3. once the response is sent, let any file no resolver read drain away, so
 *    a rejected operation cannot leave the connection hanging.
 */
export function uploadMiddleware(maxUploadBytes: number): RequestHandler[] {
  return [
    requirePreflightForMultipart,
    drainUnreadBodyAfterResponse,
    graphqlUploadExpress({ maxFileSize: maxUploadBytes, maxFiles: 1, maxFieldSize: 1024 * 1024 }),
  ];
}

function requirePreflightForMultipart(req: Request, res: Response, next: NextFunction): void {
  if (!req.is('multipart/form-data') || PREFLIGHT_HEADERS.some((h) => req.headers[h])) return next();
  req.resume();
  sendHttpError(
    res,
    400,
    'BAD_REQUEST',
    'This multipart request was blocked as a potential cross-site request forgery: send an `apollo-require-preflight: true` header with file uploads.',
  );
}

function drainUnreadBodyAfterResponse(req: Request, res: Response, next: NextFunction): void {
  res.once('finish', () => {
    if (!req.complete) {
      req.unpipe();
      req.resume();
    }
  });
  next();
}
