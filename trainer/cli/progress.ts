import { SingleBar } from "cli-progress";

/**
 * Keras-style progress on stderr: a live bar on a terminal; on a pipe or CI log, only
 * the finished line, so logs stay readable.
 */
export interface ProgressBar {
  update(done: number, detail?: string): void;
  /** Ends the bar; `total` sets the total when it was not known at the start. */
  finish(detail?: string, total?: number): void;
}

interface BarState {
  readonly done: number;
  readonly total: number;
  readonly seconds: number;
  readonly detail: string;
}

const WIDTH = 30;

function bar(done: number, total: number): string {
  const filled = total > 0 ? Math.min(WIDTH, Math.floor((done / total) * WIDTH)) : WIDTH;
  return filled >= WIDTH ? "=".repeat(WIDTH) : `${"=".repeat(filled)}>${".".repeat(WIDTH - filled - 1)}`;
}

export function formatSeconds(seconds: number): string {
  return seconds < 60 ? `${seconds.toFixed(1)}s` : `${Math.floor(seconds / 60)}m${Math.round(seconds % 60)}s`;
}

function formatAmount(value: number, unit: "bytes" | "items"): string {
  if (unit === "items") return String(value);
  return value >= 1e6 ? `${(value / 1e6).toFixed(1)} MB` : `${(value / 1e3).toFixed(0)} kB`;
}

function liveBar(initialTotal: number, render: (state: BarState) => string): ProgressBar {
  let total = initialTotal;
  const started = performance.now();
  let done = 0;
  let detail = "";
  const line = () => render({ done, total, detail, seconds: (performance.now() - started) / 1000 });
  const live = process.stderr.isTTY ? new SingleBar({ format: line, hideCursor: true, fps: 10, stream: process.stderr }) : null;
  live?.start(total, 0);
  return {
    update(value, text) {
      done = total > 0 ? Math.min(value, total) : value;
      detail = text ?? detail;
      live?.update(done);
    },
    finish(text, finalTotal) {
      if (finalTotal !== undefined) {
        total = finalTotal;
        live?.setTotal(total);
      }
      done = total;
      detail = text ?? detail;
      if (live) {
        live.update(total);
        live.stop();
      } else {
        process.stderr.write(`${line()}\n`);
      }
    },
  };
}

/** `title 12.0 MB/28.8 MB [=====>....] 0.6s - detail`, e.g. for reading the archive. */
export function progressBar(title: string, total: number, unit: "bytes" | "items" = "items"): ProgressBar {
  return liveBar(total, (s) =>
    `${title} ${formatAmount(s.done, unit)}/${formatAmount(s.total, unit)} [${bar(s.done, s.total)}] ` +
    `${formatSeconds(s.seconds)}${s.detail ? ` - ${s.detail}` : ""}`,
  );
}

/** Keras `fit` style: `49/49 [====] 0.3s 6ms/step - loss: 0.5449 - accuracy: 0.7824`. */
export function epochBar(epoch: number, epochs: number, steps: number): ProgressBar {
  process.stderr.write(`Epoch ${epoch + 1}/${epochs}\n`);
  return liveBar(steps, (s) => {
    const perStep = s.done > 0 ? ` ${Math.round((s.seconds * 1000) / s.done)}ms/step` : "";
    return `${s.done}/${s.total} [${bar(s.done, s.total)}] ${formatSeconds(s.seconds)}${perStep}${s.detail ? ` - ${s.detail}` : ""}`;
  });
}

export function formatLogs(logs: Record<string, number | undefined>): string {
  return Object.entries(logs)
    .filter((entry): entry is [string, number] => entry[1] !== undefined)
    .map(([name, value]) => `${name}: ${value.toFixed(4)}`)
    .join(" - ");
}
