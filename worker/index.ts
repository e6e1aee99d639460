// Worker entry: the app serving the committed model in model/.
import { createApp } from "./app.ts";
import { bundledModel } from "./bundled-model.ts";

export default createApp(bundledModel);
