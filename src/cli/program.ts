import { Command } from 'commander';
import { registerDatasetCommands } from './dataset-command';
import { registerDetectCommand } from './detect-command';
import { registerModelCommands } from './model-command';
import { registerServerCommands } from './server-commands';

const EXIT_CODES_HELP = `
Client commands (dataset, model, detect) talk to a gateway's GraphQL API only:
  --url / LOOKOUT_GATEWAY_URL   default http://127.0.0.1:4000/graphql
  --api-key / LOOKOUT_API_KEY   sent as "authorization: Bearer <key>"
Exit codes: 0 ok, 1 the operation failed, 2 usage error, 3 gateway unreachable,
4 key refused (UNAUTHENTICATED / FORBIDDEN), 5 detect: some images failed.
Documentation: docs/cli.md`;

/** The whole `lookout-gateway` command line. Commander errors are thrown (exitOverride), so index.ts chooses the exit code. */
export function buildProgram(): Command {
  const program = new Command('lookout-gateway')
    .description('Lookout Gateway: a GraphQL gateway for visual anomaly detection, its engine, and client commands for its API')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(`lookout-gateway: ${text.replace(/^error: /, '')}`) })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', EXIT_CODES_HELP);
  registerServerCommands(program);
  registerDatasetCommands(program);
  registerModelCommands(program);
  registerDetectCommand(program);
  return program;
}
