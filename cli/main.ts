import { Command, CommanderError } from 'commander';
import { registerBatch } from './commands/batch';
import { registerBulk } from './commands/bulk';
import { registerCancel } from './commands/cancel';
import { registerDlq } from './commands/dlq';
import { registerEnsure } from './commands/ensure';
import { registerJob } from './commands/job';
import { registerRedeliver } from './commands/redeliver';
import { registerSubmit } from './commands/submit';
import { registerSweep } from './commands/sweep';
import { registerWorkspaces } from './commands/workspaces';
import { actionFactory } from './context';
import { CliError, EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './errors';
import { type Io, Output } from './output';

const EXIT_CODES_HELP = `
Environment:
  SCQ_URL        the API (default http://127.0.0.1:$PORT, or port 3000)
  SCQ_API_KEY    the API key (else the first key of API_KEYS); never printed

Exit codes: 0 all went well, 1 a job or the API failed, 2 bad usage or input (nothing sent).`;

/** The `scq` program, writing to `io`; `setExitCode` receives each command's exit code. */
export const buildProgram = (io: Io, setExitCode: (code: number) => void, version = '0.0.0'): Command => {
  const program = new Command('scq')
    .description('queue Slack conversations.* jobs, run bulk files with a progress bar, and operate the service')
    .version(version, '-V, --version', 'print the version')
    .option('--url <url>', 'the API base URL (SCQ_URL)')
    .option('--api-key <key>', 'the API key (SCQ_API_KEY; prefer the variable: arguments show in ps)')
    .option('--json', 'machine output: one JSON document (JSON lines for progress), no colours or bars')
    .addHelpText('after', EXIT_CODES_HELP)
    .showHelpAfterError('(scq --help for usage)')
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .exitOverride();
  const action = actionFactory(io, setExitCode);
  for (const register of [registerSubmit, registerBulk, registerEnsure, registerSweep, registerJob, registerBatch, registerCancel, registerRedeliver, registerWorkspaces, registerDlq]) {
    register(program, action);
  }
  for (const command of program.commands) {
    command.exitOverride().configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) });
    for (const sub of command.commands) sub.exitOverride().configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) });
  }
  return program;
};

/** Runs `scq` with these arguments (without node and the script) and returns its exit code. */
export const run = async (argv: readonly string[], io: Io, version?: string): Promise<number> => {
  let exitCode = EXIT_OK;
  const program = buildProgram(
    io,
    (code) => {
      exitCode = code;
    },
    version,
  );
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT_USAGE;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    const output = new Output(io, { json: argv.includes('--json') });
    if (error instanceof CliError) {
      output.error(error);
      return error.exitCode;
    }
    output.error(new CliError('internal', (error as Error).message ?? String(error), EXIT_FAILED, [], { cause: error }));
    return EXIT_FAILED;
  }
};
