import { GatewayRequestError } from '../client/gateway-client';
import { CliProjectDocument } from '../client/generated/graphql';
import { CliError, ExitCode } from './exit-codes';
import type { GatewayConnection } from './gateway-connection';

/**
 * A NOT_FOUND about a model version may mean the project itself does not
 * exist ("Model version latest of project nope does not exist" would send
 * the operator looking for a version): one `project(name)` query tells
 * which, and the answer names the project then. Any other error, or a
 * project that exists, is answered as it was.
 */
export async function explainNotFound(connection: GatewayConnection, project: string, error: unknown): Promise<unknown> {
  if (!(error instanceof GatewayRequestError) || !error.codes.includes('NOT_FOUND')) return error;
  return (await projectExists(connection, project)) === false ? noSuchProject(project) : error;
}

/** Whether the project exists; undefined when the gateway would not say (the first answer then says enough). */
export async function projectExists(connection: GatewayConnection, project: string): Promise<boolean | undefined> {
  try {
    return (await connection.client.request(CliProjectDocument, { name: project })).project !== null;
  } catch {
    return undefined;
  }
}

export function noSuchProject(project: string): CliError {
  return new CliError(`NOT_FOUND: Project ${project} does not exist.`, ExitCode.FAILED);
}

/** Runs `action`, turning a NOT_FOUND of a project that does not exist into "Project X does not exist". */
export async function naming<T>(connection: GatewayConnection, project: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    throw await explainNotFound(connection, project, error);
  }
}
