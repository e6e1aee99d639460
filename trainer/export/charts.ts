import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import type { History } from "../../shared/artifact.ts";

/**
 * The book's two figures (§3.5, figures 3.7 and 3.8): training and validation loss,
 * and training and validation accuracy, per epoch. SVG, readable in any browser.
 */
export type ChartMetric = "loss" | "accuracy";

interface Point {
  epoch: number;
  value: number;
  series: string;
}

export function historyPoints(history: History, metric: ChartMetric): Point[] {
  const training = metric === "loss" ? history.loss : history.accuracy;
  const validation = metric === "loss" ? history.val_loss : history.val_accuracy;
  const points = training.map((value, i) => ({ epoch: i + 1, value, series: `Training ${metric}` }));
  for (const [i, value] of (validation ?? []).entries()) points.push({ epoch: i + 1, value, series: `Validation ${metric}` });
  return points;
}

export async function renderChart(history: History, metric: ChartMetric, title?: string): Promise<string> {
  const label = metric === "loss" ? "Loss" : "Accuracy";
  const spec: TopLevelSpec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: title ?? (history.val_loss ? `Training and validation ${metric}` : `Training ${metric}`),
    width: 480,
    height: 300,
    background: "white",
    data: { values: historyPoints(history, metric) },
    mark: { type: "line", point: true },
    encoding: {
      x: { field: "epoch", type: "quantitative", title: "Epochs", axis: { tickMinStep: 1, format: "d" } },
      y: { field: "value", type: "quantitative", title: label, scale: { zero: false } },
      color: {
        field: "series",
        type: "nominal",
        title: null,
        scale: { range: ["#1f77b4", "#d62728"] },
        legend: { orient: "top" },
      },
    },
  };
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
