import type { LookoutVisionClient } from '@aws-sdk/client-lookoutvision';

/**
 * Counts the commands a client sends, by name, with a middleware at the
 * start of the client's stack: every `send`, whatever its outcome.
 */
export function countCommands(client: LookoutVisionClient): { counts: Map<string, number>; reset(): void; of(name: string): number } {
  const counts = new Map<string, number>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName).replace(/Command$/, '');
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'commandCounter' },
  );
  return { counts, reset: () => counts.clear(), of: (name) => counts.get(name) ?? 0 };
}
