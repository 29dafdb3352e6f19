import { ExitCode, toCliError, type ExitCodeValue } from './exit-codes';
import { connect, type ConnectionOptions, type GatewayConnection } from './gateway-connection';

let ranClientCommand = false;

/** Whether a client command ran: the process then exits with its code once it is done (an open keep-alive socket must not hold it). */
export function clientCommandRan(): boolean {
  return ranClientCommand;
}

/**
 * Runs a client command against the gateway its options name. Whatever it
 * throws becomes one CliError: the gateway's codes and messages, or why it
 * could not be reached, with the exit code that says which (exit-codes.ts).
 * `run` answers the exit code when it is not 0 (detect's partial failure).
 * `serverWaitSeconds`: how long its requests ask the gateway to wait.
 */
export async function runClient(options: ConnectionOptions, run: (connection: GatewayConnection) => Promise<ExitCodeValue | void>, serverWaitSeconds = 0): Promise<void> {
  ranClientCommand = true;
  const connection = connect(options, process.env, serverWaitSeconds);
  try {
    process.exitCode = (await run(connection)) ?? ExitCode.OK;
  } catch (error) {
    throw toCliError(error, connection.endpoint);
  }
}

