import { runCli } from "./user-error.ts";
import { parseTrainArgs, TRAIN_USAGE } from "./train-options.ts";
import { runTrainCommand } from "../pipeline.ts";

await runCli(async () => {
  const command = parseTrainArgs(process.argv.slice(2));
  if (command.help) {
    process.stdout.write(`${TRAIN_USAGE}\n`);
    return;
  }
  await runTrainCommand(command);
});
