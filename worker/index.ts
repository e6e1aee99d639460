// Worker entry: the app serving the committed model in model/, loaded at script start.
import { createLoadedApp } from "./app.ts";
import { bundledModel } from "./bundled-model.ts";

export default await createLoadedApp(bundledModel);
