import { parseArgs, type ParseArgsConfig } from "node:util";
import { UserError } from "./errors.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * Parses a script's flags (no positionals); a bad flag becomes a UserError with exit
 * code 2 whose message is parseArgs' first line followed by `hint`.
 */
export function parseCliArgs<T extends Options>(options: T, hint: string) {
  try {
    return parseArgs({ args: process.argv.slice(2), options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UserError(`${error instanceof Error ? error.message.split("\n")[0] : "invalid arguments"}${hint}`, 2);
  }
}

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
