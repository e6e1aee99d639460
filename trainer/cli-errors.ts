import { UserError } from "./errors.ts";

/**
 * Runs a CLI's main function: a UserError becomes `error: <message>` and its exit code;
 * anything else one line and exit 1. Never a stack trace.
 */
export async function runCli(main: () => Promise<void>): Promise<void> {
  try {
    await main();
    process.exitCode = 0;
  } catch (error) {
    if (error instanceof UserError) {
      process.stderr.write(`error: ${error.message}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`error: unexpected failure: ${message.split("\n")[0]}\n`);
    process.exitCode = 1;
  }
}
