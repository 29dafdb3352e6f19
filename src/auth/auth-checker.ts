import type { GraphQLResolveInfo } from 'graphql';
import { ErrorCode } from '../services/error-codes';
import { gatewayError } from '../services/gateway-error';
import { roleAllows, type Identity, type Role } from './roles';

/**
 * The check behind `@Authorized(role)` (src/schema/required-roles.ts): runs
 * before the resolver, so before any Lookout call and before an uploaded file
 * is read. A wrong role is FORBIDDEN, naming the role the field needs.
 */
export function requireRole(identity: Identity, roles: readonly Role[], info: Pick<GraphQLResolveInfo, 'parentType' | 'fieldName'>): void {
  if (roles.some((role) => roleAllows(identity.role, role))) return;
  throw gatewayError(ErrorCode.FORBIDDEN, `${info.parentType.name}.${info.fieldName} needs the ${roles.join(' or ')} role; ${identity.name} has ${identity.role}.`, {
    requiredRole: roles[0],
  });
}
