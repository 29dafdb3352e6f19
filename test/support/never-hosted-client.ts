import type { LookoutVisionClient } from '@aws-sdk/client-lookoutvision';
import { sdkClient } from './engine-harness';

/**
 * A client of the engine at `endpoint` that never sees a model HOSTED: its
 * DescribeModel answers say STARTING_HOSTING instead, as if hosting never
 * finished. For waits that must time out.
 */
export function neverHostedClient(endpoint: string): LookoutVisionClient {
  const client = sdkClient(endpoint);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const answer = await next(args);
      const description = (answer.output as { ModelDescription?: { Status?: string } }).ModelDescription;
      if (context.commandName === 'DescribeModelCommand' && description?.Status === 'HOSTED') description.Status = 'STARTING_HOSTING';
      return answer;
    },
    { step: 'initialize', name: 'neverHosted' },
  );
  return client;
}
