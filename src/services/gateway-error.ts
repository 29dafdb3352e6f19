import { GraphQLError, type GraphQLErrorExtensions } from 'graphql';
import { ErrorCode } from './error-codes';

/** A GraphQL error whose message is safe to show to the client as it is. */
export function gatewayError(code: ErrorCode, message: string, extensions: GraphQLErrorExtensions = {}): GraphQLError {
  const clean = Object.fromEntries(Object.entries(extensions).filter(([, v]) => v !== undefined));
  return new GraphQLError(message, { extensions: { ...clean, code } });
}

export function badInput(argument: string, message: string): GraphQLError {
  return gatewayError(ErrorCode.BAD_USER_INPUT, message, { argument });
}

export function projectNotFound(project: string): GraphQLError {
  return gatewayError(ErrorCode.NOT_FOUND, `Project ${project} does not exist.`, { resourceId: project, resourceType: 'PROJECT' });
}

export function hasCode(error: unknown, code: ErrorCode): error is GraphQLError {
  return error instanceof GraphQLError && error.extensions.code === code;
}
