import type { ErrorRequestHandler, Request, Response } from 'express';

/** The GraphQL-over-HTTP error shape of answers made outside GraphQL execution, so clients parse one format. */
export function graphqlErrorBody(code: string, message: string, extensions: Record<string, unknown> = {}): { errors: { message: string; extensions: Record<string, unknown> }[] } {
  return { errors: [{ message, extensions: { ...extensions, code } }] };
}

/** Answers with graphqlErrorBody. */
export function sendHttpError(res: Response, status: number, code: string, message: string, extensions: Record<string, unknown> = {}): void {
  if (res.headersSent) return;
  res.status(status).json(graphqlErrorBody(code, message, extensions));
}

/** What no route answers: in the API's error shape, as every other refusal, instead of Express's HTML page. */
export function noSuchPath(req: Request, res: Response): void {
  sendHttpError(res, 404, 'NOT_FOUND', `Nothing is served at ${req.method} ${req.path}; the API is POST /graphql.`);
}

const CODE_BY_STATUS: Record<number, string> = { 413: 'PAYLOAD_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE', 499: 'BAD_REQUEST' };

/**
 * Errors raised before GraphQL execution (body parsers, the multipart parser)
 * end here. Their messages describe the request, never the server, except for
 * unexpected ones, which are logged and answered without detail.
 */
export function httpErrorHandler(log: (message: string, error: unknown) => void): ErrorRequestHandler {
  return (error, _req, res, _next) => {
    const status = typeof error?.status === 'number' ? error.status : typeof error?.statusCode === 'number' ? error.statusCode : 500;
    if (status >= 500) {
      log('unexpected HTTP error', error);
      sendHttpError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error.');
      return;
    }
    const message =
      error?.type === 'entity.parse.failed'
        ? 'The request body is not valid JSON.'
        : error?.type === 'entity.too.large'
          ? `The request body is larger than the ${error.limit} bytes a request may carry.`
          : String(error?.message ?? 'Bad request.');
    sendHttpError(res, status, CODE_BY_STATUS[status] ?? 'BAD_REQUEST', message);
  };
}
