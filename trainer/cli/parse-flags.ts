import { parseArgs, type ParseArgsConfig } from "node:util";
import { UserError } from "./user-error.ts";

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
