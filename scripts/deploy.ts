/**
 * `npm run deploy -- --model DIR [--name NAME] [--dry-run --outdir DIR]`: deploys the
 * worker bundling that export, as its own Worker (edge-sentiment-<folder> unless --name
 * says otherwise). Without --model it deploys the committed model/ as edge-sentiment.
 */
import { spawn } from "node:child_process";
import { parseCliArgs } from "../trainer/cli/parse-flags.ts";
import { runCli, UserError } from "../trainer/cli/user-error.ts";
import { ROOT, workerName, writeExportEntry } from "./export-entry.ts";

const USAGE = "; usage: npm run deploy -- [--model DIR] [--name NAME] [--dry-run] [--outdir DIR]";

await runCli(async () => {
  const values = parseCliArgs(
    { model: { type: "string" }, name: { type: "string" }, "dry-run": { type: "boolean" }, outdir: { type: "string" } },
    USAGE,
  );
  if (values.name !== undefined && !/^[a-z0-9][a-z0-9-]{0,62}$/.test(values.name)) {
    throw new UserError(`--name must be 1 to 63 lower-case letters, digits or dashes, starting with a letter or digit, got "${values.name}"`, 2);
  }
  // --env "": the top-level worker of wrangler.toml, not one of its named environments.
  const args = ["deploy", "--env", ""];
  if (values.model !== undefined) args.push(await writeExportEntry(values.model), "--name", values.name ?? workerName(values.model));
  else if (values.name !== undefined) args.push("--name", values.name);
  if (values["dry-run"]) args.push("--dry-run");
  if (values.outdir !== undefined) args.push("--outdir", values.outdir);
  const child = spawn("wrangler", args, { cwd: ROOT, stdio: "inherit" });
  const code = await new Promise<number>((done) => child.on("exit", (exit) => done(exit ?? 1)));
  if (code !== 0) throw new UserError(`wrangler deploy exited with code ${code}`, code);
});
