import { GraphQLObjectType, GraphQLSchema, GraphQLString, graphql, parse, subscribe, type GraphQLResolveInfo } from 'graphql';
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
  it('are named by every root field of the gateway, and checked before its resolver and its event source', () => {
    const schema = buildGatewaySchema();
    // No role at all: below every role a field can need, so each guard must refuse before the field's own code runs.
    const nobody = { identity: { name: 'nobody', role: 'none' as Role, via: 'api-key' } };
    let fields = 0;
    for (const type of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
      for (const field of Object.values(type!.getFields())) {
        fields++;
        const where = `${type!.name}.${field.name}`;
        expect((field.extensions.requiredRoles as Role[]).length, where).toBeGreaterThan(0);
        const info = { parentType: type, fieldName: field.name } as unknown as GraphQLResolveInfo;
        for (const run of [field.resolve, field.subscribe].filter((f) => f !== undefined)) {
          expect(() => run(undefined, {}, nobody, info), where).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }));
        }
      }
    }
    expect(fields).toBeGreaterThan(20);
  });

  it('start no event source for a subscriber below the role', async () => {
    let sources = 0;
    async function* ticks() {
      sources++;
      yield { tick: 'one' };
    }
    const query = new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLString, extensions: { requiredRoles: ['viewer'] } } } });
    const subscription = new GraphQLObjectType({
      name: 'Subscription',
      fields: { tick: { type: GraphQLString, subscribe: ticks, extensions: { requiredRoles: ['admin'] } } },
    });
    const schema = checkRequiredRoles(new GraphQLSchema({ query, subscription }));
    const refused = await subscribe({ schema, document: parse('subscription { tick }'), contextValue: caller('inference') });
    expect((refused as { errors?: { extensions: unknown }[] }).errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', requiredRole: 'admin' });
    expect(sources).toBe(0);
    const allowed = await subscribe({ schema, document: parse('subscription { tick }'), contextValue: caller('admin') });
    expect(await (allowed as AsyncIterableIterator<unknown>).next()).toMatchObject({ value: { data: { tick: 'one' } } });
    expect(sources).toBe(1);
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
