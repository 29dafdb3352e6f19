import type { Command } from 'commander';
import {
  CliModelStatusDocument,
  CliModelVersionDocument,
  CliModelVersionsDocument,
  CliPromoteModelDocument,
  CliStartModelDocument,
  CliStopModelDocument,
  CliTrainModelDocument,
  type CliModelStatusFragment,
} from '../client/generated/graphql';
import { runClient } from './client-action';
import { ConfigError } from '../util/config-values';
import { CliError, ExitCode, type ExitCodeValue } from './exit-codes';
import { withConnectionOptions, type ConnectionOptions, type GatewayConnection } from './gateway-connection';
import { waitForModel, type SeenStatus, type WaitGoal } from './model-wait';
import { naming, noSuchProject, projectExists } from './missing-project';
import { aliasOption, intOption, projectOption, versionOption } from './option-values';
import { textTable } from './text-table';

interface ModelOptions extends ConnectionOptions {
  project: string;
  version: string;
  json?: boolean;
  wait?: boolean;
  timeout: number;
}

const WAIT_HELP = 'wait until the model has settled, telling each status change (modelStatusChanged subscription)';
const say = (line: string) => console.error(line);

/** `model create|start|stop|status|list|promote`: a project's model versions through the gateway. */
export function registerModelCommands(program: Command): void {
  const model = program.command('model').description("a project's model versions: train, host, stop, inspect, promote");
  const sub = (name: string, description: string) => model.command(name).description(description).requiredOption('--project <name>', 'the project', projectOption);
  // The options every model command shares come last in its help.
  // `serverWait`: how long the command asks the gateway to wait (promote's --timeout); the others wait here, over a subscription.
  const run = <O extends ModelOptions>(command: Command, action: (connection: GatewayConnection, options: O) => Promise<ExitCodeValue | void>, serverWait: (options: O) => number = () => 0) =>
    withConnectionOptions(command.option('--json', 'print the result as one JSON document')).action((options: O) =>
      runClient(options, (c) => naming(c, options.project, () => action(c, options)), serverWait(options)),
    );

  run(
    sub('create', "train a new model version on the project's datasets (trainModel)")
      .option('--description <text>', 'up to 500 letters, digits, ".", "-" or "_"')
      .option('--wait', `${WAIT_HELP}: TRAINED or TRAINING_FAILED`)
      .option('--timeout <seconds>', 'with --wait: give up after this long', intOption(1, 6 * 3600), 3600)
      .addHelpText('after', '\nExample:\n  lookout-gateway model create --project washers --wait\n'),
    create,
  );

  run(
    sub('start', 'host a TRAINED version (or again one whose hosting failed) so it takes detections (startModel; billed per inference unit hour on AWS)')
      .requiredOption('--version <version>', 'a version number, "latest" or an alias', versionOption)
      .option('--units <n>', 'inference units to start with', intOption(1, 1024), 1)
      .option('--max-units <n>', 'most units Lookout may scale to under load', intOption(1, 1024))
      .option('--wait', `${WAIT_HELP}: HOSTED or HOSTING_FAILED`)
      .option('--timeout <seconds>', 'with --wait: give up after this long', intOption(1, 3600), 600)
      .addHelpText('after', '\nExample:\n  lookout-gateway model start --project washers --version latest --units 1 --wait\n'),
    start,
  );

  run(
    sub('stop', 'stop hosting a version (stopModel)')
      .requiredOption('--version <version>', 'a version number, "latest" or an alias', versionOption)
      .option('--wait', `${WAIT_HELP}: TRAINED again`)
      .option('--timeout <seconds>', 'with --wait: give up after this long', intOption(1, 3600), 600),
    stop,
  );

  run(
    sub('status', "a version's status and whether it takes detections (modelStatus)")
      .option('--version <version>', 'a version number, "latest" or an alias', versionOption, 'latest'),
    status,
  );

  run(sub('list', "the project's model versions with status, aliases and performance (modelVersions)"), list);

  run(
    sub('promote', 'point an alias (e.g. production) at a version; by default starts it and waits until HOSTED first (promoteModel)')
      .requiredOption('--version <version>', 'the version to promote: a number, "latest" or another alias', versionOption)
      .requiredOption('--alias <alias>', '1-63 lower-case letters, digits and "-", starting with a letter (not "latest")', aliasOption)
      .option('--no-start-first', 'move the alias at once, whatever the version\'s status')
      .option('--stop-previous', 'then stop the version the alias named before (unless another alias names it)')
      .option('--units <n>', 'inference units to start with (default: as the gateway chooses)', intOption(1, 1024))
      .option('--max-units <n>', 'with --units: most units Lookout may scale to', intOption(1, 1024))
      .option('--timeout <seconds>', 'give up starting after this long (the alias then stays where it was)', intOption(1, 3600), 600)
      .addHelpText('after', '\nExample:\n  lookout-gateway model promote --project washers --version 3 --alias production --stop-previous\n'),
    promote,
    (options) => options.timeout,
  );
}

async function create(connection: GatewayConnection, options: ModelOptions & { description?: string }): Promise<ExitCodeValue> {
  const { trainModel } = await connection.client.request(CliTrainModelDocument, { project: options.project, description: options.description });
  let model: CliModelStatusFragment = trainModel;
  if (options.wait) {
    say(`${model.project} version ${model.version}: ${model.status}`);
    const ended = await waitForModel(connection, model, { success: ['TRAINED'], failure: ['TRAINING_FAILED'], timeoutSeconds: options.timeout }, say);
    model = (await connection.client.request(CliModelVersionDocument, { project: options.project, version: ended.version })).modelVersion ?? { ...model, ...ended };
  }
  print(options, model, () => `${model.project} version ${model.version}: ${model.status}${performance(model)}${model.statusMessage ? ` (${model.statusMessage})` : ''}`);
  return model.status === 'TRAINING_FAILED' ? ExitCode.FAILED : ExitCode.OK;
}

/** --units and --max-units checked together before any call: a promote must not start a version and then be refused. */
function checkUnits(options: { units?: number; maxUnits?: number }): void {
  if (options.maxUnits !== undefined && options.units === undefined) throw new ConfigError('--max-units needs --units.');
  if (options.maxUnits !== undefined && options.units !== undefined && options.maxUnits < options.units) {
    throw new ConfigError(`--max-units (${options.maxUnits}) must not be smaller than --units (${options.units}).`);
  }
}

async function start(connection: GatewayConnection, options: ModelOptions & { units: number; maxUnits?: number }): Promise<ExitCodeValue> {
  checkUnits(options);
  const { startModel } = await connection.client.request(CliStartModelDocument, { project: options.project, version: options.version, minInferenceUnits: options.units, maxInferenceUnits: options.maxUnits });
  return settle(connection, options, startModel, { success: ['HOSTED'], failure: ['HOSTING_FAILED'], timeoutSeconds: options.timeout });
}

async function stop(connection: GatewayConnection, options: ModelOptions): Promise<ExitCodeValue> {
  const { stopModel } = await connection.client.request(CliStopModelDocument, { project: options.project, version: options.version });
  return settle(connection, options, stopModel, { success: ['TRAINED'], failure: ['HOSTING_FAILED'], timeoutSeconds: options.timeout });
}

/** After a start or stop: the status it answered, and with --wait the transitions to the one it settles in. */
async function settle(connection: GatewayConnection, options: ModelOptions, answered: SeenStatus, goal: WaitGoal): Promise<ExitCodeValue> {
  let now = answered;
  // The status it answered, before the transitions a wait tells; one that already ends the wait is the result line alone.
  if (options.wait && !goal.success.includes(answered.status)) {
    say(`${now.project} version ${now.version}: ${now.status}`);
    // The first status the subscription sends is the one now; a failure status before the wait began (a stop of a model already stopped) is no failure of this wait.
    now = await waitForModel(connection, now, { ...goal, failure: goal.failure.filter((s) => s !== answered.status) }, say);
  }
  const report = { project: now.project, version: now.version, status: now.status, statusMessage: now.statusMessage ?? null, ready: now.status === 'HOSTED' };
  print(options, report, () => `${now.project} version ${now.version}: ${now.status}${now.statusMessage ? ` (${now.statusMessage})` : ''}`);
  return options.wait && !goal.success.includes(now.status) ? ExitCode.FAILED : ExitCode.OK;
}

async function status(connection: GatewayConnection, options: ModelOptions): Promise<void> {
  const { modelStatus } = await connection.client.request(CliModelStatusDocument, { project: options.project, version: options.version });
  print(options, modelStatus, () => `${modelStatus.project} version ${modelStatus.version}: ${modelStatus.status}${modelStatus.ready ? ', ready for detections' : ''}${modelStatus.statusMessage ? ` (${modelStatus.statusMessage})` : ''}`);
}

async function list(connection: GatewayConnection, options: ModelOptions): Promise<void> {
  const { modelVersions } = await connection.client.request(CliModelVersionsDocument, { project: options.project });
  const sorted = [...modelVersions].sort((a, b) => Number(a.version) - Number(b.version));
  print(options, sorted, () => {
    if (sorted.length === 0) return `${options.project} has no model versions yet; train one with: lookout-gateway model create --project ${options.project}`;
    const rows = sorted.map((m) => [m.version, m.status, m.aliases.join(',') || '-', fixed(m.performance?.f1Score), fixed(m.performance?.precision), fixed(m.performance?.recall), units(m), m.createdAt]);
    return textTable(['version', 'status', 'aliases', 'f1', 'precision', 'recall', 'units', 'created'], rows, { right: [0, 3, 4, 5] });
  });
}

interface PromoteOptions {
  alias: string;
  startFirst: boolean;
  stopPrevious?: boolean;
  units?: number;
  maxUnits?: number;
}

async function promote(connection: GatewayConnection, options: ModelOptions & PromoteOptions): Promise<ExitCodeValue> {
  checkUnits(options);
  if (options.startFirst) {
    const hosted = await hostFirst(connection, options);
    if (hosted.status !== 'HOSTED') {
      print(options, hosted, () => `${hosted.project} version ${hosted.version} is ${hosted.status}${hosted.statusMessage ? ` (${hosted.statusMessage})` : ''}; ${options.alias} was not moved.`);
      return ExitCode.FAILED;
    }
  }
  const { promoteModel } = await connection.client.request(CliPromoteModelDocument, {
    project: options.project,
    version: options.version,
    alias: options.alias,
    startFirst: options.startFirst,
    stopPrevious: options.stopPrevious ?? false,
    minInferenceUnits: options.units,
    maxInferenceUnits: options.units === undefined ? undefined : options.maxUnits,
    timeoutSeconds: options.timeout,
  });
  print(options, promoteModel, () => {
    const moved = promoteModel.previousVersion ? `${promoteModel.previousVersion} -> ${promoteModel.version}` : `-> ${promoteModel.version} (new)`;
    const stopped = promoteModel.stoppedPrevious ? `; stopped version ${promoteModel.previousVersion}` : '';
    return `${options.project} ${promoteModel.alias}: ${moved} (${promoteModel.modelVersion?.status ?? 'unknown'})${stopped}`;
  });
  return ExitCode.OK;
}

/**
 * promoteModel would start the version itself and hold the request until it
 * is HOSTED, which may outlast the gateway's request timeout: start it here
 * and follow it over the subscription, then promote a hosted version, which
 * moves the alias at once. Units as promoteModel chooses them: --units, else
 * those of the version the alias names now, else 1.
 */
async function hostFirst(connection: GatewayConnection, options: ModelOptions & PromoteOptions): Promise<SeenStatus> {
  const version = async (name: string) => (await connection.client.request(CliModelVersionDocument, { project: options.project, version: name })).modelVersion;
  const target = await version(options.version);
  if (!target) {
    if ((await projectExists(connection, options.project)) === false) throw noSuchProject(options.project);
    throw new CliError(`NOT_FOUND: Model version ${options.version} of project ${options.project} does not exist.`, ExitCode.FAILED);
  }
  if (target.status === 'HOSTED') return target;
  const current = options.units === undefined ? await version(options.alias) : undefined;
  const units = options.units === undefined ? { min: current?.minInferenceUnits ?? 1, max: current?.maxInferenceUnits ?? undefined } : { min: options.units, max: options.maxUnits };
  const { startModel } = await connection.client.request(CliStartModelDocument, { project: options.project, version: target.version, minInferenceUnits: units.min, maxInferenceUnits: units.max });
  say(`starting ${startModel.project} version ${startModel.version} (${units.min} unit(s)) before moving ${options.alias}: ${startModel.status}`);
  return waitForModel(connection, startModel, { success: ['HOSTED'], failure: ['HOSTING_FAILED'], timeoutSeconds: options.timeout }, say);
}

function print(options: { json?: boolean }, value: unknown, text: () => string): void {
  console.log(options.json ? JSON.stringify(value, null, 2) : text());
}

function performance(model: CliModelStatusFragment): string {
  const p = model.performance;
  return p && p.f1Score != null ? `, F1 ${fixed(p.f1Score)} (precision ${fixed(p.precision)}, recall ${fixed(p.recall)})` : '';
}

/**
 * The units a version runs on. Lookout (and the engine) keep the units of the
 * last StartModel after a stop, so for a version that is not hosted they are
 * what it ran on last, not what it holds: shown as "last 1-1" then.
 */
function units(model: CliModelStatusFragment): string {
  if (!model.minInferenceUnits) return '-';
  const range = `${model.minInferenceUnits}-${model.maxInferenceUnits ?? model.minInferenceUnits}`;
  return RUNNING.has(model.status) ? range : `last ${range}`;
}

/** Statuses in which a version holds its inference units. */
const RUNNING = new Set<string>(['HOSTED', 'STARTING_HOSTING', 'STOPPING_HOSTING']);

function fixed(value: number | null | undefined): string {
  return value == null ? '-' : value.toFixed(3);
}
