import { UserError } from "./errors.ts";
import { parseTrainArgs, TRAIN_USAGE } from "./options.ts";
import { runTrainCommand } from "./train-command.ts";

/** CLI entry: one-line errors with a non-zero exit code, never a stack trace. */
async function main(argv: readonly string[]): Promise<number> {
  try {
    const command = parseTrainArgs(argv);
    if (command.help) {
      process.stdout.write(`${TRAIN_USAGE}\n`);
      return 0;
    }
    await runTrainCommand(command);
    return 0;
  } catch (error) {
    if (error instanceof UserError) {
      process.stderr.write(`error: ${error.message}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`error: training failed unexpectedly: ${message.split("\n")[0]}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
