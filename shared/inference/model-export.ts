/**
 * The files of one export (see shared/artifact.ts), as the bundler hands them over:
 * JSON files already parsed (still unvalidated, hence `unknown`), the weights as bytes,
 * the charts as text. worker/bundled-model.ts supplies the committed `model/`; tests
 * supply fixtures the same way, which is how one worker build serves any export.
 */
export interface ModelExport {
  readonly modelJson: unknown;
  readonly weights: ArrayBuffer;
  readonly wordIndex: unknown;
  readonly metadata: unknown;
  readonly charts: { readonly loss: string; readonly accuracy: string };
  /** long-head.bin (empty, or absent in exports from before it, when the export has no long-text head). */
  readonly longHead?: ArrayBuffer;
}
