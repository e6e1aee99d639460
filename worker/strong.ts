// Worker entry for `--env strong` (wrangler.toml): index.ts with models/strong/ bundled
// instead of model/. Everything else (routes, loading, features chosen by the metadata)
// is the same code.
import { createLoadedApp } from "./app.ts";
import { strongModel } from "./strong-model.ts";

export default await createLoadedApp(strongModel);
