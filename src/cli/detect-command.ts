import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { CliDetectAnomaliesDocument, CliModelStatusDocument, type CliDetectAnomaliesMutation } from '../client/generated/graphql';
import { runClient } from './client-action';
import { detectionReport, type Detection } from './detect-report';
import { expandFiles } from './detect-files';
import { CliError, ExitCode, toCliError, type ExitCodeValue } from './exit-codes';
import { withConnectionOptions, type ConnectionOptions, type GatewayConnection } from './gateway-connection';
import { naming } from './missing-project';
import { intOption, projectOption, versionOption } from './option-values';

interface DetectOptions extends ConnectionOptions {
  project: string;
  version: string;
  concurrency: number;
  json?: boolean;
}

/** `detect`: many images through a hosted model, a few at a time. */
export function registerDetectCommand(program: Command): void {
  withConnectionOptions(
    program
      .command('detect')
      .description('run a hosted model on images (detectAnomalies), a few at a time; a table or JSON of the verdicts')
      .argument('<files...>', 'PNG or JPEG files, directories (their PNG and JPEG files, not recursive), or globs such as "parts/**/*.png" (quote them to keep the shell from expanding them)')
      .requiredOption('--project <name>', 'the project', projectOption)
      .requiredOption('--version <version>', 'a version number, "latest" or an alias (e.g. production)', versionOption)
      .option('--concurrency <n>', 'detections in flight at once', intOption(1, 64), 4)
      .option('--json', 'print one JSON document: a summary and a result per file'),
  )
    .addHelpText('after', '\nExit code 0 when every image was analysed, 5 when some failed (they are listed), 3 or 4 when the gateway could not be reached or refused the key.\n\nExample:\n  lookout-gateway detect "line-3/**/*.png" --project washers --version production --json\n')
    .action((patterns: string[], options: DetectOptions) => runClient(options, (c) => detect(c, patterns, options)));
}

async function detect(connection: GatewayConnection, patterns: string[], options: DetectOptions): Promise<ExitCodeValue> {
  const files = await expandFiles(patterns);
  await checkModel(connection, options);
  const bar = process.stderr.isTTY ? new SingleBar({ stream: process.stderr, format: 'detect [{bar}] {value}/{total} {file}', clearOnComplete: true, hideCursor: true }, Presets.shades_classic) : undefined;
  bar?.start(files.length, 0, { file: '' });
  const results: Detection[] = new Array<Detection>(files.length);
  let next = 0;
  let fatal: unknown;
  // Ctrl-C: no further file is sent, those in flight finish, and what was analysed is printed. A second one ends the process at once.
  let interrupted = false;
  const hardStop = () => {
    bar?.stop();
    process.exit(ExitCode.INTERRUPTED);
  };
  const interrupt = () => {
    interrupted = true;
    process.once('SIGINT', hardStop);
  };
  process.once('SIGINT', interrupt);
  const worker = async () => {
    // A gateway that cannot be reached or refuses the key fails every file alike: stop at the first such answer.
    while (next < files.length && fatal === undefined && !interrupted) {
      const index = next++;
      const file = files[index];
      results[index] = await detectOne(connection, options, file).catch((error: unknown) => {
        const failure = toCliError(error, connection.endpoint);
        if (failure.exitCode === ExitCode.UNREACHABLE || failure.exitCode === ExitCode.AUTH) fatal ??= failure;
        return { file, ok: false as const, error: failure.message };
      });
      bar?.increment(1, { file });
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(options.concurrency, files.length) }, worker));
  } finally {
    bar?.stop();
    process.removeListener('SIGINT', interrupt);
    process.removeListener('SIGINT', hardStop);
  }
  if (fatal !== undefined) throw fatal;
  const done = results.filter((result) => result !== undefined);
  const report = detectionReport(options.project, options.version, done);
  console.log(options.json ? JSON.stringify(report.json, null, 2) : report.text);
  if (interrupted) {
    console.error(`interrupted: ${done.length} of ${files.length} images analysed (listed); the rest were not sent.`);
    return ExitCode.INTERRUPTED;
  }
  return report.json.summary.failed > 0 ? ExitCode.PARTIAL : ExitCode.OK;
}

/**
 * One modelStatus before any file goes: a version that does not exist or is
 * not HOSTED would fail every file alike (NOT_FOUND, MODEL_NOT_READY), so it
 * is said once, with exit code 1, instead of a table of identical failures.
 */
async function checkModel(connection: GatewayConnection, options: DetectOptions): Promise<void> {
  const { modelStatus } = await naming(connection, options.project, () => connection.client.request(CliModelStatusDocument, { project: options.project, version: options.version }));
  if (modelStatus.status === 'HOSTED') return;
  const named = modelStatus.version === options.version ? `version ${modelStatus.version}` : `version ${options.version} (${modelStatus.version})`;
  const message = modelStatus.statusMessage ? ` (${modelStatus.statusMessage})` : '';
  throw new CliError(
    `MODEL_NOT_READY: ${options.project} ${named} is ${modelStatus.status}${message}, not HOSTED; no image was sent. Start it with: lookout-gateway model start --project ${options.project} --version ${modelStatus.version} --wait`,
    ExitCode.FAILED,
  );
}

async function detectOne(connection: GatewayConnection, options: DetectOptions, file: string): Promise<Detection> {
  const bytes = await readFile(file);
  const { detectAnomalies }: CliDetectAnomaliesMutation = await connection.client.request(CliDetectAnomaliesDocument, { project: options.project, version: options.version, file: { bytes, name: file.split(/[\\/]/).pop() } });
  // The client throws on any error, and the gateway answers null only with one: this is a gateway bug, not a verdict.
  if (!detectAnomalies) throw new Error('the gateway answered no result and no error');
  return { file, ok: true, ...detectAnomalies };
}
