import { GraphQLObjectType, GraphQLSchema, GraphQLString, graphql } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { Identity, Role } from '../../src/auth/roles';
import { buildGatewaySchema } from '../../src/schema/build-schema';
import { checkRequiredRoles } from '../../src/schema/required-roles';

const caller = (role: Role): { identity: Identity } => ({ identity: { name: `a-${role}`, role, via: 'api-key' } });

function schemaWith(roles: Role[] | undefined): GraphQLSchema {
  const query = new GraphQLObjectType({
    name: 'Query',
    fields: { secret: { type: GraphQLString, resolve: () => 'answer', extensions: roles ? { requiredRoles: roles } : {} } },
  });
  return new GraphQLSchema({ query });
}

describe('the roles of root fields', () => {
  it('are named by every root field of the gateway, and checked before it', () => {
    const schema = buildGatewaySchema();
    for (const type of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
      for (const field of Object.values(type!.getFields())) expect((field.extensions.requiredRoles as Role[]).length, `${type!.name}.${field.name}`).toBeGreaterThan(0);
    }
  });

  it('refuse a caller below the role, naming it, and let one at or above it through, at once', () => {
    const schema = checkRequiredRoles(schemaWith(['inference']));
    const run = (role: Role) => graphql({ schema, source: '{ secret }', contextValue: caller(role) });
    return Promise.all([run('viewer'), run('inference'), run('admin')]).then(([viewer, inference, admin]) => {
      expect(viewer.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', requiredRole: 'inference' });
      expect(viewer.data).toEqual({ secret: null });
      expect(inference.data).toEqual({ secret: 'answer' });
      expect(admin.data).toEqual({ secret: 'answer' });
    });
  });

  it('make a root field that names none fail the build', () => {
    expect(() => checkRequiredRoles(schemaWith(undefined))).toThrow('Query.secret names no role it needs');
  });

  it('make a role on a nested field, which nothing would check, fail the build', () => {
    const project = new GraphQLObjectType({ name: 'Project', fields: { key: { type: GraphQLString, extensions: { requiredRoles: ['admin'] } } } });
    const query = new GraphQLObjectType({ name: 'Query', fields: { project: { type: project, extensions: { requiredRoles: ['viewer'] } } } });
    expect(() => checkRequiredRoles(new GraphQLSchema({ query }))).toThrow('Project.key names a role, but only root fields are checked');
  });
});
