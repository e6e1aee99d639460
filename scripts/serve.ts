/**
 * `npm run serve -- --model DIR [--port 8787]`: any export folder served locally by the
 * worker under wrangler dev (workerd), on 127.0.0.1, without copying it over model/.
 */
import { spawn } from "node:child_process";
import { parseCliArgs } from "../trainer/cli/parse-flags.ts";
import { runCli, UserError } from "../trainer/cli/user-error.ts";
import { ROOT, writeExportEntry } from "./export-entry.ts";

const USAGE = "; usage: npm run serve -- --model DIR [--port 8787]";

await runCli(async () => {
  const values = parseCliArgs({ model: { type: "string" }, port: { type: "string" } }, USAGE);
  if (!values.model) throw new UserError(`--model DIR is required: the export folder to serve (e.g. models/strong)${USAGE}`, 2);
  const port = Number(values.port ?? "8787");
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UserError(`--port must be a port number from 1 to 65535, got "${values.port}"`, 2);
  const entry = await writeExportEntry(values.model);
  const child = spawn("wrangler", ["dev", entry, "--env", "", "--ip", "127.0.0.1", "--port", String(port)], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: process.env.CLOUDFLARE_CF_FETCH_ENABLED ?? "false" },
  });
  const code = await new Promise<number>((done) => child.on("exit", (exit) => done(exit ?? 1)));
  if (code !== 0) throw new UserError(`wrangler dev exited with code ${code}`, code);
});
