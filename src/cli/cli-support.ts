/** Runs `stop` once on SIGINT or SIGTERM, then exits; `say` tells the operator (the gateway's JSON log, the engine's console). */
export function onShutdown(stop: () => Promise<void>, say: (line: string) => void = console.log): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: shutting down`);
    stop()
      .catch((error) => console.error('error during shutdown:', error))
      .finally(() => process.exit(0));
  };
  process.once('SIGINT', () => handler('SIGINT'));
  process.once('SIGTERM', () => handler('SIGTERM'));
}
