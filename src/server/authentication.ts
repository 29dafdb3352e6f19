import type { RequestHandler } from 'express';
import { AuthenticationFailure, type Authenticator } from '../auth/authenticator';
import type { Identity } from '../auth/roles';
import { ErrorCode } from '../services/error-codes';
import { sendHttpError } from './http-errors';

/**
 * Establishes who is calling before anything of the body is parsed, so an
 * unauthenticated upload is refused without being received. The identity
 * goes to `res.locals.identity` for the rate limit and the GraphQL context.
 */
export function authentication(authenticator: Authenticator, log: (message: string, error: unknown) => void): RequestHandler {
  return (req, res, next) => {
    authenticator.authenticate(req.headers).then(
      (identity) => {
        res.locals.identity = identity;
        next();
      },
      (error: unknown) => {
        req.resume();
        if (!(error instanceof AuthenticationFailure)) {
          log('authentication failed unexpectedly', error);
          sendHttpError(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error.');
          return;
        }
        res.setHeader('www-authenticate', `Bearer realm="lookout-gateway"${error.challenge ? `, error="${error.challenge}"` : ''}`);
        sendHttpError(res, 401, ErrorCode.UNAUTHENTICATED, error.message);
      },
    );
  };
}

export function identityOf(locals: Record<string, unknown>): Identity {
  const identity = locals.identity as Identity | undefined;
  if (!identity) throw new Error('the authentication middleware did not run before this handler');
  return identity;
}
