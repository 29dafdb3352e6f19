import { defaultFieldResolver, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { Extensions } from 'type-graphql';
import { requireRole } from '../auth/auth-checker';
import type { Identity, Role } from '../auth/roles';

/** Where a root field's roles are kept: its GraphQL extensions. */
const REQUIRED_ROLES = 'requiredRoles';

/**
 * The roles a root field needs, one of them (each including the ones before
 * it: src/auth/roles.ts). Checked by `checkRequiredRoles` before the field's
 * resolver, so before any Lookout call and before an uploaded file is read;
 * nested fields inherit their root's check.
 *
 * Not type-graphql's own `@Authorized`: that runs as a middleware of async
 * functions around every root field, which made even a query answered from
 * the shared read cache await several promises (BENCHMARKS.md, "What limits
 * each figure"). This check is a plain call (requireRole).
 */
export function Authorized<R extends Role = Role>(...roles: [R, ...R[]]): MethodDecorator {
  return Extensions({ [REQUIRED_ROLES]: roles });
}

/**
 * Puts the role check in front of the resolver (and, for a subscription, the
 * event source) of every root field of `schema`. A root field that names no
 * role fails here, at start-up: no operation runs unchecked. So does a role on
 * a nested field, which nothing would check (nested fields inherit their root's).
 */
export function checkRequiredRoles(schema: GraphQLSchema): GraphQLSchema {
  const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || roots.includes(type)) continue;
    const marked = Object.values(type.getFields()).find((field) => field.extensions[REQUIRED_ROLES] !== undefined);
    if (marked) throw new Error(`${type.name}.${marked.name} names a role, but only root fields are checked: guard its root field instead`);
  }
  for (const type of roots) {
    for (const field of Object.values(type?.getFields() ?? {})) {
      const roles = field.extensions[REQUIRED_ROLES] as Role[] | undefined;
      if (!roles?.length) throw new Error(`${type!.name}.${field.name} names no role it needs (@Authorized)`);
      field.resolve = guarded(field.resolve ?? defaultFieldResolver, roles);
      if (field.subscribe) field.subscribe = guarded(field.subscribe, roles);
    }
  }
  return schema;
}

type Resolver = GraphQLFieldResolver<unknown, { identity: Identity }>;

function guarded(resolve: Resolver, roles: Role[]): Resolver {
  return (root, args, context, info) => {
    requireRole(context.identity, roles, info);
    return resolve(root, args, context, info);
  };
}
