/**
 * The long-text head's share of a text's logit (shared/long-text-head.ts), and what an
 * export must hold for a worker to serve one (shared/inference/served-model.ts): a worker
 * that would serve the head wrongly refuses the export instead.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { join, resolve } from "node:path";
import { FORMAT_VERSION, LONG_HEAD_FORMAT_VERSION, parseMetadata } from "../../shared/artifact.ts";
import { ModelFormatError } from "../../shared/inference/dense-stack.ts";
import { buildServedModel, checkExport, ModelLoadError } from "../../shared/inference/served-model.ts";
import { longHeadShare, mixedLogit } from "../../shared/long-text-head.ts";
import { useWasmBackend } from "../../trainer/fit/backend.ts";
import { readExportFolder } from "../../trainer/export/read-export.ts";

const FIXTURES = resolve(import.meta.dirname, "../worker/fixtures");

describe("longHeadShare", () => {
  const head = { from: 32, to: 64 };
  it("is 0 up to `from`, 1 from `to`, and linear between", () => {
    assert.equal(longHeadShare(head, 0), 0);
    assert.equal(longHeadShare(head, 32), 0);
    assert.equal(longHeadShare(head, 40), 0.25);
    assert.equal(longHeadShare(head, 48), 0.5);
    assert.equal(longHeadShare(head, 64), 1);
    assert.equal(longHeadShare(head, 10_000), 1);
  });

  it("never decreases as a text gains columns", () => {
    let last = 0;
    for (let n = 0; n <= 100; n++) {
      const share = longHeadShare(head, n);
      assert.ok(share >= last, `${n}: ${share} < ${last}`);
      last = share;
    }
  });
});

describe("mixedLogit", () => {
  it("is the first head's logit at share 0, the long head's at 1, and between them between", () => {
    assert.equal(mixedLogit(2, -1, 0), 2);
    assert.equal(mixedLogit(2, -1, 1), -1);
    assert.equal(mixedLogit(2, -1, 0.5), 0.5);
  });
});

describe("an export's long-text head at load", () => {
  it("loads the fixture's head; format 2 goes with a head, format 1 without", async () => {
    const source = await readExportFolder(join(FIXTURES, "long-head"));
    const checked = checkExport(source);
    assert.ok(checked.longHead);
    await useWasmBackend();
    const loaded = buildServedModel(checked);
    assert.ok(loaded.model.longHead);
    loaded.model.dispose();
    const metadata = source.metadata as Record<string, unknown>;
    assert.throws(() => parseMetadata({ ...metadata, formatVersion: FORMAT_VERSION }), /formatVersion: format 2 is the format of an export with a long-text head/);
    const { longTextHead: _head, ...without } = metadata;
    assert.throws(() => parseMetadata({ ...without, formatVersion: LONG_HEAD_FORMAT_VERSION }), /formatVersion/);
    assert.equal(parseMetadata({ ...without, formatVersion: FORMAT_VERSION }).longTextHead, undefined);
  });

  it("refuses a head whose long-head.bin is missing, empty or of another length", async () => {
    const source = await readExportFolder(join(FIXTURES, "long-head"));
    const { longHead: _bytes, ...missing } = source;
    assert.throws(() => checkExport(missing), (error: unknown) => error instanceof ModelLoadError && /long-head\.bin is missing or empty/.test(error.message));
    assert.throws(() => checkExport({ ...source, longHead: new ArrayBuffer(0) }), ModelLoadError);
    await useWasmBackend();
    const short = checkExport({ ...source, longHead: (source.longHead as ArrayBuffer).slice(2) });
    assert.throws(() => buildServedModel(short), (error: unknown) => error instanceof ModelFormatError && /long-head\.bin has \d+ bytes but metadata\.longTextHead\.weights describes \d+/.test(error.message));
  });

  it("refuses a head beside a model with a hidden layer", async () => {
    // The calibrated two-label fixture has a hidden layer of 4; give it a head of its input's size.
    const source = await readExportFolder(join(FIXTURES, "calibrated", "two-labels"));
    const head = (await readExportFolder(join(FIXTURES, "long-head"))).metadata as { longTextHead: { weights: { shape: number[] }[] } };
    const metadata = source.metadata as { vocabSize: number };
    const inputSize = metadata.vocabSize;
    const longTextHead = { ...head.longTextHead, weights: [{ ...head.longTextHead.weights[0], shape: [inputSize, 1] }, head.longTextHead.weights[1]] };
    const checked = checkExport({ ...source, metadata: { ...metadata, formatVersion: LONG_HEAD_FORMAT_VERSION, longTextHead }, longHead: new ArrayBuffer((inputSize + 1) * 2) });
    await useWasmBackend();
    assert.throws(() => buildServedModel(checked), (error: unknown) => error instanceof ModelFormatError && /goes beside a logistic model/.test(error.message));
  });
});
