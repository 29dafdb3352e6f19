import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * The query path's reference (bench/perf, part 2): a bare Apollo Server 5 on
 * Express 5 through the same integration the gateway uses
 * (@as-integrations/express5), answering one constant field. Started as its
 * own process by the bench, like the gateway.
 */

async function main(): Promise<void> {
  const apollo = new ApolloServer({
    typeDefs: 'type Query { hello: String! }',
    resolvers: { Query: { hello: () => 'world' } },
  });
  await apollo.start();
  const app = express();
  app.use('/graphql', express.json(), expressMiddleware(apollo));
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  console.log(`bare Apollo listening at http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  process.once('SIGTERM', () => {
    void apollo.stop().finally(() => {
      server.close(() => process.exit(0));
      server.closeAllConnections();
    });
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
