import type { MiddlewareStack } from '@smithy/types';

/**
 * The command, sent with `x-amz-content-sha256` set to `sha256Hex`: the
 * body's SHA-256 when the caller has it already (hashed as the upload
 * arrived); without one, the command as it was. SigV4 signs that header when
 * a request carries it rather than hashing the body again
 * (@smithy/signature-v4's getPayloadHash), a pass over the whole image on the
 * request's critical path. The SDK sends the header anyway; S3, Lookout and
 * the engine check the body against it, so a wrong hash is refused, never
 * acted on. Any client's command: its input and output types are inferred.
 */
export function withPayloadHash<C, I extends object, O extends object>(command: C & { middlewareStack: MiddlewareStack<I, O> }, sha256Hex: string | undefined): C {
  if (!sha256Hex) return command;
  command.middlewareStack.add(
    (next) => (args) => {
      const request = args.request as { headers?: Record<string, string> };
      if (request.headers) request.headers['x-amz-content-sha256'] = sha256Hex;
      return next(args);
    },
    { step: 'build', name: 'knownPayloadHash' },
  );
  return command;
}
