/**
 * A problem the user can fix: the CLI prints its message on one line and exits with
 * `exitCode`, never a stack trace. `2` is for bad command-line usage.
 */
export class UserError extends Error {
  override name = "UserError";
  constructor(
    message: string,
    readonly exitCode: number = 1,
  ) {
    super(message);
  }
}
