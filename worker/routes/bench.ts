import { OpenAPIHono } from "@hono/zod-openapi";
import { readBody } from "../body.ts";
import type { AppEnv } from "../env.ts";

/**
 * The benchmark's baseline: same worker, same HTTP path through workerd, same request
 * body read, but no model. `npm run bench:worker` reports /predict's throughput as a
 * ratio to this route's, which cancels out the load generator and the local proxy.
 */
const CONSTANT = { status: "ok", constant: true } as const;

export const bench = new OpenAPIHono<AppEnv>()
  .get("/bench/constant", (c) => c.json(CONSTANT, 200))
  .post("/bench/constant", async (c) => {
    await readBody(c.req.raw);
    return c.json(CONSTANT, 200);
  });
