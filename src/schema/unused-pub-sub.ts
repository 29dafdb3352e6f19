import type { PubSub } from 'type-graphql';

/**
 * type-graphql refuses to build a schema with subscriptions unless it has a
 * PubSub, even when every subscription brings its own `subscribe` (ours
 * read the status watcher). This one says so if anything ever uses it.
 */
export const unusedPubSub: PubSub = {
  publish() {
    throw new Error('The gateway\'s subscriptions use their own subscribe functions, not topics.');
  },
  subscribe() {
    throw new Error('The gateway\'s subscriptions use their own subscribe functions, not topics.');
  },
};
