/** Where the trainer's progress lines go: stderr for the CLI, nowhere in tests. */
export interface Log {
  info(line: string): void;
  warn(line: string): void;
}

export const consoleLog: Log = {
  info: (line) => process.stderr.write(`${line}\n`),
  warn: (line) => process.stderr.write(`warning: ${line}\n`),
};
