/**
 * User-facing errors, in one place: a UserError is a problem the user can fix, and
 * runCli turns it into one line on stderr and an exit code, never a stack trace.
 */

/** A problem the user can fix; `exitCode` 2 is for bad command-line usage. */
export class UserError extends Error {
  override name = "UserError";
  constructor(
    message: string,
    readonly exitCode: number = 1,
  ) {
    super(message);
  }
}

/** A bad flag or flag value: exit code 2, and a pointer to the help. */
export function usageError(message: string): UserError {
  return new UserError(`${message} (see --help)`, 2);
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
