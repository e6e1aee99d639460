import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import type * as tfl from "@tensorflow/tfjs-layers";
import "@tensorflow/tfjs-backend-wasm";
import { ARTIFACT_FILES, FORMAT_VERSION, MetadataSchema, labelOf, type HiddenActivation, type Metadata, type Sample } from "../../shared/artifact.ts";
import type { NgramOrder } from "../../shared/features.ts";
import { TOKENIZER_RULE, TOKENIZER_VERSION } from "../../shared/tokenize.ts";
import { wordIndexToJson } from "../../shared/word-index.ts";
import { serializeModel } from "../../trainer/export/write-export.ts";
import { loadSerializedModel } from "../../trainer/export/final-model.ts";
import { denseModelScores } from "../../trainer/export/dense-model-scores.ts";

/**
 * Writes a hand-built model as an export, through the trainer's own serialization and
 * prediction code, so the worker's fixtures have exactly the layout `npm run train`
 * writes. Samples come from tfjs-layers reading the written files back (dequantized
 * if the weights are float16): the reference the worker must match.
 */
export interface FixtureExport {
  /** Builds the model, with its weights set, for `vocab` input columns (on the wasm backend). */
  readonly build: (vocab: number) => tfl.LayersModel;
  /** The word index in column order. */
  readonly terms: readonly string[];
  readonly texts: readonly string[];
  readonly ngrams: NgramOrder;
  readonly weightsDtype: "float32" | "float16";
  readonly hiddenUnits: readonly number[];
  readonly activation: HiddenActivation;
}

function chart(title: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40"><title>${title}</title><polyline fill="none" stroke="black" points="0,35 60,15 120,5"/></svg>\n`;
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** Sets the wasm backend, builds `spec`'s model, writes its export to `outDir`, and disposes of the model. */
export async function writeFixtureExport(outDir: string, spec: FixtureExport): Promise<void> {
  await tf.setBackend("wasm");
  const index = new Map(spec.terms.map((term, column) => [term, column]));
  const vocab = index.size;
  const model = spec.build(vocab);
  try {
    const { modelJson, weights } = await serializeModel(model, spec.weightsDtype);
    const served = await loadSerializedModel(modelJson, weights);
    const probabilities = denseModelScores(served, index, spec.texts, spec.ngrams).map((row) => row[1] as number);
    served.dispose();
    const samples: Sample[] = spec.texts.map((text, i) => {
      const probability = probabilities[i] ?? Number.NaN;
      return { text, label: labelOf(probability), probability };
    });
    const optional = {
      ...(spec.ngrams === 2 ? { ngrams: 2 as const } : {}),
      ...(spec.weightsDtype === "float16" ? { weightsDtype: "float16" as const } : {}),
    };
    const metadata: Metadata = {
      formatVersion: FORMAT_VERSION,
      createdAt: "2026-01-01T00:00:00.000Z",
      tokenizer: { version: TOKENIZER_VERSION, rule: TOKENIZER_RULE },
      features: { kind: "multi-hot", size: vocab, ...(spec.ngrams === 2 ? { ngrams: 2 as const } : {}) },
      vocabSize: vocab,
      architecture: {
        inputSize: vocab,
        hiddenUnits: [...spec.hiddenUnits],
        activation: spec.activation,
        output: "sigmoid",
        parameters: model.countParams(),
      },
      training: {
        epochs: 1, batchSize: 512, hiddenUnits: [...spec.hiddenUnits], activation: spec.activation, loss: "binary-crossentropy",
        learningRate: 0.001, vocabSize: vocab, validationSize: 0, seed: 1, ...optional,
        optimizer: { name: "rmsprop", rho: 0.9, epsilon: 1e-7 }, backend: "wasm", seconds: 0,
      },
      dataset: { source: "test fixture (hand-set weights, not trained)", sha256: null, trainExamples: 0, testExamples: samples.length },
      metrics: { test: { accuracy: 1, loss: 0.1, examples: samples.length } },
      history: { loss: [0.6, 0.3], accuracy: [0.7, 0.9] },
      files: { ...ARTIFACT_FILES },
    };

    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, ARTIFACT_FILES.model), json(JSON.parse(modelJson)));
    writeFileSync(join(outDir, ARTIFACT_FILES.weights), weights);
    writeFileSync(join(outDir, ARTIFACT_FILES.wordIndex), json(wordIndexToJson(index)));
    writeFileSync(join(outDir, ARTIFACT_FILES.metadata), json(MetadataSchema.parse(metadata)));
    writeFileSync(join(outDir, ARTIFACT_FILES.samples), json({ samples }));
    writeFileSync(join(outDir, ARTIFACT_FILES.lossChart), chart("loss"));
    writeFileSync(join(outDir, ARTIFACT_FILES.accuracyChart), chart("accuracy"));
  } finally {
    model.dispose();
  }
}

/**
 * The generators' command line, `npx tsx <generator> [OUT_DIR]`: when `moduleUrl` is the
 * script node was started with, runs `generate` on OUT_DIR (default `defaultOutDir`).
 * A no-op when the generator is imported.
 */
export async function runAsScript(moduleUrl: string, defaultOutDir: string, generate: (outDir: string) => Promise<void>): Promise<void> {
  if (moduleUrl === `file://${process.argv[1] ? resolve(process.argv[1]) : ""}`) {
    await generate(resolve(process.argv[2] ?? defaultOutDir));
  }
}
