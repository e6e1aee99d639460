import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readdir } from "node:fs/promises";
import { after, before, describe, it } from "node:test";
import { downloadToCache } from "../../trainer/data/download.ts";
import { UserError } from "../../trainer/cli/user-error.ts";
import { loadDataset } from "../../trainer/data/load-dataset.ts";
import { fixtureFiles, tarGz, tempDir } from "../helpers/fixture-dataset.ts";

describe("downloadToCache (against a local HTTP server)", () => {
  let server: Server;
  let base = "";
  let archive: Buffer;
  const hits = new Map<string, number>();

  before(async () => {
    archive = await tarGz(fixtureFiles(10));
    server = createServer((req, res) => {
      const path = req.url ?? "/";
      hits.set(path, (hits.get(path) ?? 0) + 1);
      if (path === "/aclImdb_v1.tar.gz") {
        res.writeHead(200, { "content-type": "application/gzip", "content-length": archive.length });
        res.end(archive);
      } else if (path === "/truncated.tar.gz") {
        // Promises more bytes than it sends, then closes: an interrupted download.
        res.writeHead(200, { "content-length": archive.length * 2 });
        res.write(archive, () => res.destroy());
      } else {
        res.writeHead(404).end("not found");
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("downloads once with progress, then reuses the cached file", async () => {
    const cacheDir = await tempDir();
    const progress: number[] = [];
    const path = await downloadToCache(`${base}/aclImdb_v1.tar.gz`, { cacheDir, onProgress: (d) => progress.push(d) });
    assert.equal(progress.at(-1), archive.length);
    const again = await downloadToCache(`${base}/aclImdb_v1.tar.gz`, { cacheDir });
    assert.equal(again, path);
    assert.equal(hits.get("/aclImdb_v1.tar.gz"), 1);
    const data = await loadDataset(path);
    assert.equal(data.train.length, 20);
  });

  it("fails with a clear error on HTTP 404 and leaves nothing in the cache", async () => {
    const cacheDir = await tempDir();
    await assert.rejects(downloadToCache(`${base}/missing.tar.gz`, { cacheDir }), (e: unknown) =>
      e instanceof UserError && /HTTP 404/.test(e.message),
    );
    assert.deepEqual(await readdir(cacheDir), []);
  });

  it("never keeps an interrupted download", async () => {
    const cacheDir = await tempDir();
    await assert.rejects(downloadToCache(`${base}/truncated.tar.gz`, { cacheDir }), UserError);
    assert.deepEqual(await readdir(cacheDir), []);
  });

  it("fails clearly when the server cannot be reached", async () => {
    const cacheDir = await tempDir();
    await assert.rejects(downloadToCache("http://127.0.0.1:9/aclImdb_v1.tar.gz", { cacheDir }), (e: unknown) =>
      e instanceof UserError && /download of .* failed .*pass --data/.test(e.message),
    );
  });
});
