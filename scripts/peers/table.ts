/** The side-by-side table: one row per measure, one column per system. */
import type { Accuracy } from "./evaluate.ts";

export interface Row {
  readonly measure: string;
  readonly cells: readonly string[];
}

export function accuracyCell(result: Accuracy): string {
  const percent = result.undecided * 100;
  // A handful of zeros in 25,000 would print as 0.0%, which reads as none.
  const undecided = percent === 0 ? "" : percent < 0.05 ? " (< 0.1% scored 0)" : ` (${percent.toFixed(1)}% scored 0)`;
  return `${result.accuracy.toFixed(4)}${undecided}`;
}

export function eceCell(ece: number | null): string {
  return ece === null ? "n/a" : ece.toFixed(4);
}

export function rateCell(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

function escape(cell: string): string {
  return cell.replaceAll("|", "\\|");
}

export function markdownTable(systems: readonly string[], rows: readonly Row[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(escape).join(" | ")} |`;
  return [line(["", ...systems]), line(["---", ...systems.map(() => "---")]), ...rows.map((row) => line([row.measure, ...row.cells]))].join("\n");
}
