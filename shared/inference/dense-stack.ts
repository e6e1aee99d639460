/**
 * Reads an export's `model.json` (tfjs "layers-model" format, as `npm run train` writes it)
 * as a plain description of a stack of Dense layers, without tfjs-layers. The worker only
 * ever serves Dense stacks on a multi-hot input, and that is what lets it compute the
 * first layer sparsely (see shared/inference/sparse-model.ts); anything else is refused here with a
 * reason that ends up in the 503, rather than being served wrongly.
 */
import type * as tf from "@tensorflow/tfjs-core";
import { z } from "zod";
import { WeightSpecSchema } from "../artifact.ts";

const ACTIVATIONS = ["relu", "tanh", "sigmoid", "softmax", "linear"] as const;
/** Any Dense layer's, the sigmoid output included (shared/artifact.ts's Activation is only the hidden layers' choice). */
export type LayerActivation = (typeof ACTIVATIONS)[number];

export interface DenseLayerSpec {
  readonly name: string;
  readonly inputSize: number;
  readonly units: number;
  readonly activation: LayerActivation;
  readonly useBias: boolean;
}

export interface DenseStackSpec {
  /** Columns of the input (the first layer's fan-in). */
  readonly inputSize: number;
  /** At least one layer; the last maps to one sigmoid probability, or a softmax over 3+ labels. */
  readonly layers: readonly DenseLayerSpec[];
  /** Units of the last layer: 1 (sigmoid) or the number of labels (softmax). */
  readonly outputs: number;
  /** The weights manifest entries in weights.bin order, quantization included. */
  readonly weightSpecs: readonly tf.io.WeightsManifestEntry[];
}

export class ModelFormatError extends Error {
  override name = "ModelFormatError";
}

const LayerSchema = z.object({ class_name: z.string(), config: z.record(z.string(), z.unknown()) });
const SequentialSchema = z.object({
  class_name: z.literal("Sequential"),
  // tfjs writes {name, layers}; Keras 2.0-era files wrote the layer list itself.
  config: z.union([z.object({ layers: z.array(LayerSchema) }), z.array(LayerSchema)]),
});
const ModelJsonSchema = z.object({
  // tfjs-layers writes the topology itself; converted Keras files wrap it in model_config.
  modelTopology: z.union([z.object({ model_config: SequentialSchema }), SequentialSchema]),
  weightsManifest: z.array(z.object({ paths: z.array(z.string()), weights: z.array(WeightSpecSchema) })).min(1),
});

const DenseConfigSchema = z.object({
  name: z.string(),
  units: z.number().int().positive(),
  activation: z.string().nullable().optional(),
  use_bias: z.boolean().optional(),
  batch_input_shape: z.array(z.number().int().positive().nullable()).optional(),
});
const InputConfigSchema = z.object({ batch_input_shape: z.array(z.number().int().positive().nullable()) });

type LayerJson = z.infer<typeof LayerSchema>;

function parseOrThrow<T>(schema: z.ZodType<T>, json: unknown, where: string): T {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue?.path.join(".");
  throw new ModelFormatError(`${where}${path ? `.${path}` : ""}: ${issue?.message ?? "invalid"}`);
}

/** `[null, n]` → n: the fan-in a first layer (or an InputLayer) declares. */
function declaredInput(shape: readonly (number | null)[] | undefined, where: string): number | undefined {
  if (shape === undefined) return undefined;
  const [, columns] = shape;
  if (shape.length !== 2 || typeof columns !== "number") {
    throw new ModelFormatError(`${where}: input shape [${shape.join(", ")}] is not [batch, columns]`);
  }
  return columns;
}

function activationOf(name: string | null | undefined, where: string): LayerActivation {
  const activation = name ?? "linear"; // Keras' default when none is given
  if (!(ACTIVATIONS as readonly string[]).includes(activation)) {
    throw new ModelFormatError(`${where}: activation "${activation}" is not supported (supported: ${ACTIVATIONS.join(", ")})`);
  }
  return activation as LayerActivation;
}

/** The layer list → Dense specs with chained shapes; Dropout is the identity at inference. */
function denseLayers(layers: readonly LayerJson[]): DenseLayerSpec[] {
  const specs: DenseLayerSpec[] = [];
  let columns: number | undefined;
  layers.forEach((layer, i) => {
    const where = `model.json: layer ${i} (${layer.class_name})`;
    if (layer.class_name === "Dropout") return;
    if (layer.class_name === "InputLayer") {
      if (i !== 0) throw new ModelFormatError(`${where}: an InputLayer must come first`);
      columns = declaredInput(parseOrThrow(InputConfigSchema, layer.config, where).batch_input_shape, where);
      return;
    }
    if (layer.class_name !== "Dense") {
      throw new ModelFormatError(`${where}: only Dense layers (and Dropout) are supported; this worker computes the model as a Dense stack`);
    }
    const config = parseOrThrow(DenseConfigSchema, layer.config, where);
    const declared = declaredInput(config.batch_input_shape, where);
    if (columns === undefined) columns = declared;
    if (columns === undefined) throw new ModelFormatError(`${where}: the first Dense layer does not declare its input size`);
    if (declared !== undefined && declared !== columns) {
      throw new ModelFormatError(`${where}: declares ${declared} inputs but follows a layer with ${columns} outputs`);
    }
    specs.push({
      name: config.name,
      inputSize: columns,
      units: config.units,
      activation: activationOf(config.activation, where),
      useBias: config.use_bias ?? true,
    });
    columns = config.units;
  });
  return specs;
}

/** `model.json` → the Dense stack it describes, or a ModelFormatError saying why not. */
export function parseDenseStack(json: unknown): DenseStackSpec {
  const model = parseOrThrow(ModelJsonSchema, json, "model.json");
  const topology = "model_config" in model.modelTopology ? model.modelTopology.model_config : model.modelTopology;
  const layers = denseLayers(Array.isArray(topology.config) ? topology.config : topology.config.layers);
  const first = layers[0];
  const last = layers[layers.length - 1];
  if (first === undefined || last === undefined) throw new ModelFormatError("model.json: the model has no Dense layer");
  const sigmoidHead = last.units === 1 && last.activation === "sigmoid";
  const softmaxHead = last.units >= 3 && last.activation === "softmax";
  if (!sigmoidHead && !softmaxHead) {
    throw new ModelFormatError(
      `model.json: the last layer gives ${last.units} ${last.activation} output(s); expected one sigmoid probability, or a softmax over three or more labels`,
    );
  }
  if (layers.slice(0, -1).some((layer) => layer.activation === "softmax")) {
    throw new ModelFormatError("model.json: softmax is supported on the last layer only");
  }
  return { inputSize: first.inputSize, layers, outputs: last.units, weightSpecs: model.weightsManifest.flatMap((group) => group.weights) };
}

/** Bytes a weight occupies in weights.bin (quantized weights are stored narrower). */
function storedBytes(spec: tf.io.WeightsManifestEntry): number {
  const count = spec.shape.reduce((product, size) => product * size, 1);
  const width = spec.quantization ? (spec.quantization.dtype === "uint8" ? 1 : 2) : 4;
  return count * width;
}

/** What weights.bin must hold for these specs; a shorter or longer file is another export's. */
export function expectedWeightBytes(specs: readonly tf.io.WeightsManifestEntry[]): number {
  return specs.reduce((total, spec) => total + storedBytes(spec), 0);
}
