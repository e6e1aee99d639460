import { runCli } from "./cli-errors.ts";
import { parseTrainArgs, TRAIN_USAGE } from "./options.ts";
import { runTrainCommand } from "./train-command.ts";

await runCli(async () => {
  const command = parseTrainArgs(process.argv.slice(2));
  if (command.help) {
    process.stdout.write(`${TRAIN_USAGE}\n`);
    return;
  }
  await runTrainCommand(command);
});
