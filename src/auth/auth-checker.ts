import type { AuthChecker } from 'type-graphql';
import { ErrorCode } from '../services/error-codes';
import { gatewayError } from '../services/gateway-error';
import { roleAllows, type Identity, type Role } from './roles';

/**
 * type-graphql's check behind `@Authorized(role)`: runs before the resolver,
 * so before any Lookout call and before an uploaded file is read. A wrong
 * role is FORBIDDEN, naming the role the field needs.
 */
export const authChecker: AuthChecker<{ identity: Identity }, Role> = ({ context, info }, roles) => {
  const { identity } = context;
  if (roles.some((role) => roleAllows(identity.role, role))) return true;
  throw gatewayError(ErrorCode.FORBIDDEN, `${info.parentType.name}.${info.fieldName} needs the ${roles.join(' or ')} role; ${identity.name} has ${identity.role}.`, {
    requiredRole: roles[0],
  });
};
