/**
 * The `sigmoid` command line. Each command lives in `commands/<name>.ts` and registers itself.
 * Exit codes: 0 ok, 1 run failed, 2 usage error.
 */
import { Command, CommanderError } from 'commander';
import { ExitCode, exitCodeFor, reportError } from './cli-support.js';
import { registerCommands } from './commands/index.js';

export function buildProgram(): Command {
  const program = new Command('sigmoid')
    .description('Durable logistic-regression pipelines on Temporal, with Apache Arrow between steps.')
    .version('0.1.0')
    .showHelpAfterError('(add --help for usage)');
  registerCommands(program);
  program.exitOverride();
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

/** Runs the CLI; resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return ExitCode.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return ExitCode.ok;
      return ExitCode.usage;
    }
    reportError(err);
    return exitCodeFor(err);
  }
}
