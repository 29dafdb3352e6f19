import 'reflect-metadata';
import { ConfigError } from '../util/config-values';
import { engineCommand } from './engine-command';
import { gatewayCommand } from './gateway-command';
import { importCommand } from './import-command';
import { demoImagesCommand } from './demo-images-command';

const COMMANDS: Record<string, (argv: string[]) => Promise<void>> = {
  serve: gatewayCommand,
  engine: engineCommand,
  'import-dataset': importCommand,
  'demo-images': demoImagesCommand,
};

const HELP = `Usage: lookout-gateway [serve] [options]     the GraphQL gateway (default)
       lookout-gateway engine [options]      the Lookout-compatible engine alone
       lookout-gateway import-dataset ...    a folder of normal/ and anomaly/ images into a dataset
       lookout-gateway demo-images --out DIR synthetic images to try training with
Run a command with --help for its options.`;

async function main(argv: string[]): Promise<void> {
  const [first, ...rest] = argv;
  if (first === '--help' || first === '-h' || first === 'help') {
    console.log(HELP);
    return;
  }
  const command = first && !first.startsWith('-') ? COMMANDS[first] : COMMANDS.serve;
  if (!command) throw new ConfigError(`Unknown command "${first}".\n${HELP}`);
  await command(first && !first.startsWith('-') ? rest : argv);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  // Any usage mistake (a ConfigError, or one of parseArgs' ERR_PARSE_ARGS_*) is a message and exit code 2, never a stack.
  if (error instanceof ConfigError || String((error as { code?: string })?.code).startsWith('ERR_PARSE_ARGS_')) {
    console.error(`lookout-gateway: ${(error as Error).message}`);
    process.exit(2);
  }
  const code = (error as NodeJS.ErrnoException)?.code;
  // Listening failures are the operator's to fix, not bugs: say which address, without a stack.
  if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
    const { address, port } = error as { address?: string; port?: number };
    const reason = code === 'EADDRINUSE' ? 'is already in use (another gateway or engine?)' : code === 'EACCES' ? 'may not be used by this user' : 'is not an address of this machine';
    console.error(`lookout-gateway: ${address ?? ''}:${port ?? ''} ${reason}; choose another with --port / --host (PORT / HOST).`);
    process.exit(1);
  }
  console.error('lookout-gateway failed:', error);
  process.exit(1);
});
