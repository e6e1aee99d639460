// Worker entry for `--env book` (wrangler.toml): index.ts with the book's model in
// models/book/ bundled instead of model/. Everything else is the same code.
import { createLoadedApp } from "./app.ts";
import { bookModel } from "./book-model.ts";

export default await createLoadedApp(bookModel);
