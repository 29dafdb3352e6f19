import type { Command } from 'commander';

/**
 * The commands that run servers or work on local files: each parses its own
 * flags with node:util parseArgs, as before the CLI had client commands, so
 * commander hands them their arguments untouched (and their own --help).
 * Each is loaded when it runs: the gateway and the engine take a second to
 * load (Apollo, type-graphql, onnxruntime, sharp), which client commands
 * need not wait for.
 */
export function registerServerCommands(program: Command): void {
  const passThrough = (name: string, description: string, run: (argv: string[]) => Promise<void>) =>
    program
      .command(name)
      .description(description)
      .helpOption(false)
      .allowUnknownOption()
      .allowExcessArguments()
      .argument('[options...]', 'see lookout-gateway ' + name + ' --help')
      .action((_args: string[], _options: unknown, command: Command) => run(command.args));

  passThrough('serve', 'run the GraphQL gateway (the default command; embedded engine unless configured otherwise)', (argv) =>
    argv.includes('--help') || argv.includes('-h') ? import('../server/config').then((m) => console.log(m.serveUsage())) : import('./gateway-command').then((m) => m.gatewayCommand(argv)),
  );
  passThrough('engine', 'run the Lookout-compatible engine alone', (argv) => import('./engine-command').then((m) => m.engineCommand(argv)));
  passThrough('import-dataset', "import a folder into a dataset by writing into a local engine's data directory (through a gateway: dataset import)", (argv) =>
    import('./import-command').then((m) => m.importCommand(argv)),
  );
  passThrough('demo-images', 'write synthetic washer images (normal/, anomaly/, mask/) to try training with', (argv) => import('./demo-images-command').then((m) => m.demoImagesCommand(argv)));
}
