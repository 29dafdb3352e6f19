import {
  AccessDeniedException,
  ConflictException,
  InternalServerException,
  LookoutVisionServiceException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-lookoutvision';
import { describe, expect, it } from 'vitest';
import { toGraphQLError } from '../src/services/lookout-errors';

const $metadata = { requestId: 'req-123', httpStatusCode: 400 };

describe('toGraphQLError', () => {
  it.each([
    ['ResourceNotFoundException', new ResourceNotFoundException({ message: 'no project p', Message: 'no project p', $metadata, ResourceId: 'p', ResourceType: 'PROJECT' }), 'NOT_FOUND'],
    ['ConflictException', new ConflictException({ message: 'busy', Message: 'busy', $metadata, ResourceId: 'p/1', ResourceType: 'MODEL' }), 'CONFLICT'],
    ['ValidationException', new ValidationException({ message: 'bad name', Message: 'bad name', $metadata }), 'BAD_USER_INPUT'],
    ['AccessDeniedException', new AccessDeniedException({ message: 'User: arn:aws:iam::123456789012:user/alice is not authorized', Message: 'User: arn:aws:iam::123456789012:user/alice is not authorized', $metadata }), 'FORBIDDEN'],
    ['ThrottlingException', new ThrottlingException({ message: 'slow down', Message: 'slow down', $metadata, RetryAfterSeconds: 7 }), 'THROTTLED'],
    ['ServiceQuotaExceededException', new ServiceQuotaExceededException({ message: 'quota', Message: 'quota', $metadata, QuotaCode: 'q', ServiceCode: 's' }), 'QUOTA_EXCEEDED'],
    ['InternalServerException', new InternalServerException({ message: 'boom at host-17', Message: 'boom at host-17', $metadata: { ...$metadata, httpStatusCode: 500 } }), 'UPSTREAM_UNAVAILABLE'],
  ])('maps %s to its code and keeps the upstream request id', (_name, sdkError, code) => {
    const error = toGraphQLError(sdkError);
    expect(error.extensions.code).toBe(code);
    expect(error.extensions.upstreamRequestId).toBe('req-123');
    expect(error.extensions).not.toHaveProperty('stacktrace');
  });

  it('keeps the resource of NotFound and Conflict', () => {
    const error = toGraphQLError(new ConflictException({ message: 'busy', Message: 'busy', $metadata, ResourceId: 'p/1', ResourceType: 'MODEL' }));
    expect(error.extensions).toMatchObject({ resourceId: 'p/1', resourceType: 'MODEL' });
  });

  it('passes retryAfterSeconds on throttling', () => {
    expect(toGraphQLError(new ThrottlingException({ message: 'x', Message: 'x', $metadata, RetryAfterSeconds: 7 })).extensions.retryAfterSeconds).toBe(7);
  });

  it('never repeats an access-denied message, which names the caller', () => {
    const error = toGraphQLError(new AccessDeniedException({ message: 'User: arn:aws:iam::123456789012:user/alice is not authorized', Message: 'User: arn:aws:iam::123456789012:user/alice is not authorized', $metadata }));
    expect(error.message).not.toContain('alice');
    expect(error.message).not.toContain('123456789012');
  });

  it('treats a refused connection as UPSTREAM_UNAVAILABLE without naming the host', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.1.2.3:443'), { code: 'ECONNREFUSED', $metadata: { attempts: 3 } });
    const error = toGraphQLError(refused);
    expect(error.extensions.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.message).not.toContain('10.1.2.3');
  });

  it('treats missing credentials as UPSTREAM_UNAVAILABLE without the provider text', () => {
    const missing = Object.assign(new Error('Could not load credentials from any providers: AWS_SECRET_ACCESS_KEY'), { name: 'CredentialsProviderError' });
    const error = toGraphQLError(missing);
    expect(error.extensions.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.message).not.toContain('AWS_SECRET_ACCESS_KEY');
  });

  it("gives an exception Lookout's model does not name its own code, not its text", () => {
    // What the SDK builds for an unmodelled error code: the service's base exception class.
    const odd = new LookoutVisionServiceException({ name: 'SomethingNewException', $fault: 'client', $metadata: { ...$metadata, httpStatusCode: 418 }, message: 'weird internals' });
    const error = toGraphQLError(odd);
    expect(error.extensions).toEqual({ code: 'UPSTREAM_ERROR', upstreamRequestId: 'req-123' });
    expect(error.message).not.toContain('weird');
    const failing = new LookoutVisionServiceException({ name: 'SomethingNewException', $fault: 'server', $metadata: { ...$metadata, httpStatusCode: 503 }, message: 'weird internals' });
    expect(toGraphQLError(failing).extensions.code).toBe('UPSTREAM_UNAVAILABLE');
  });

  it('judges an answer the SDK could not read by its HTTP status', () => {
    const unreadable = Object.assign(new Error('Deserialization error: <html>Bad Gateway</html>'), { $metadata: { httpStatusCode: 502 } });
    expect(toGraphQLError(unreadable).extensions.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(toGraphQLError(unreadable).message).not.toContain('html');
  });

  it('matches exception classes, not names: an error merely named like one is a bug of ours', () => {
    const impostor = Object.assign(new Error('not from Lookout'), { name: 'ConflictException' });
    const error = toGraphQLError(impostor);
    expect(error.extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect(error.originalError).toBe(impostor);
  });
});
