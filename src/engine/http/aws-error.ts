import type { ResourceType } from '../engine-errors';

/**
 * An error the engine answers as Lookout would: the type goes to
 * `x-amzn-errortype`, the fields to the JSON body, so the AWS SDK rebuilds
 * its own exception class with the same members.
 */
export class AwsError extends Error {
  constructor(
    readonly type: string,
    readonly status: number,
    message: string,
    readonly fields: Record<string, string | number | undefined> = {},
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export const validation = (message: string) => new AwsError('ValidationException', 400, message);

export const quotaExceeded = (message: string, quotaCode: string, resourceType?: ResourceType, resourceId?: string) =>
  new AwsError('ServiceQuotaExceededException', 402, message, { QuotaCode: quotaCode, ServiceCode: 'lookoutvision', ResourceType: resourceType, ResourceId: resourceId });

export const accessDenied = (message: string) => new AwsError('AccessDeniedException', 403, message);

export const notFound = (resourceType: ResourceType, resourceId: string, message?: string) =>
  new AwsError('ResourceNotFoundException', 404, message ?? `${titleCase(resourceType)} ${resourceId} does not exist.`, {
    ResourceId: resourceId,
    ResourceType: resourceType,
  });

export const conflict = (resourceType: ResourceType, resourceId: string, message: string) =>
  new AwsError('ConflictException', 409, message, { ResourceId: resourceId, ResourceType: resourceType });

export const throttled = (message: string, retryAfterSeconds: number) =>
  new AwsError('ThrottlingException', 429, message, { ServiceCode: 'lookoutvision' }, retryAfterSeconds);

export const internal = (message = 'An internal error occurred; retry the request.', retryAfterSeconds = 1) =>
  new AwsError('InternalServerException', 500, message, {}, retryAfterSeconds);

function titleCase(type: ResourceType): string {
  return type.charAt(0) + type.slice(1).toLowerCase().replace(/_/g, ' ');
}
