import { Field, ID, InterfaceType } from 'type-graphql';
import { nodeTypeOf } from './global-id';

/**
 * Every object a client caches has an `id` unique across the API, so Apollo
 * Client and Relay normalise their caches without custom `keyFields`, and
 * `node(id)` fetches any of them again. Projects and model versions use their
 * ARN; other objects a Relay-style global id (see global-id.ts).
 */
@InterfaceType({ description: 'An object with an id unique across the API; node(id) fetches it again.', resolveType: (value: { id: string }) => nodeTypeOf(value.id) ?? undefined })
export abstract class Node {
  @Field(() => ID) id!: string;
}
