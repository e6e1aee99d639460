// `npm run train`: parse the flags, then run the pipeline.
import { trainAndExport } from "../pipeline.ts";
import { parseTrainArgs, TRAIN_USAGE } from "./train-options.ts";
import { runCli } from "./user-error.ts";

await runCli(async () => {
  const { help, training, io } = parseTrainArgs(process.argv.slice(2));
  if (help) {
    process.stdout.write(`${TRAIN_USAGE}\n`);
    return;
  }
  await trainAndExport(training, io);
});
