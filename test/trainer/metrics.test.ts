import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { seededRandom } from "../../trainer/data/random.ts";
import { binOf, classificationReport, expectedCalibrationError, formatReport } from "../../trainer/evaluate/metrics.ts";

function near(actual: number, expected: number, tolerance = 1e-9): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not within ${tolerance} of ${expected}`);
}

describe("classificationReport", () => {
  // Three labels, six examples:
  //   row  true  probabilities      predicted  p(true)  confidence  right
  //   0    A     [0.7, 0.2, 0.1]    A          0.7      0.7         yes
  //   1    A     [0.3, 0.6, 0.1]    B          0.3      0.6         no
  //   2    B     [0.1, 0.8, 0.1]    B          0.8      0.8         yes
  //   3    B     [0.5, 0.4, 0.1]    A          0.4      0.5         no
  //   4    C     [0.2, 0.2, 0.6]    C          0.6      0.6         yes
  //   5    C     [0.1, 0.1, 0.8]    C          0.8      0.8         yes
  const truth = [0, 0, 1, 1, 2, 2];
  const probs = [
    [0.7, 0.2, 0.1],
    [0.3, 0.6, 0.1],
    [0.1, 0.8, 0.1],
    [0.5, 0.4, 0.1],
    [0.2, 0.2, 0.6],
    [0.1, 0.1, 0.8],
  ];

  it("computes a three-label case by hand", () => {
    const report = classificationReport(truth, probs, ["A", "B", "C"]);
    assert.equal(report.n, 6);
    // Confusion (rows true, columns predicted): A → A 1, B 1; B → A 1, B 1; C → C 2.
    assert.deepEqual(report.confusion, [
      [1, 1, 0],
      [1, 1, 0],
      [0, 0, 2],
    ]);
    near(report.accuracy, 4 / 6);
    // A: 1 right of 2 predicted A (precision 1/2) and of 2 true A (recall 1/2), F1 1/2; B the same; C: 2/2, 2/2, F1 1.
    assert.deepEqual(
      report.per_label.map((m) => [m.label, m.precision, m.recall, m.f1, m.support]),
      [
        ["A", 0.5, 0.5, 0.5, 2],
        ["B", 0.5, 0.5, 0.5, 2],
        ["C", 1, 1, 1, 2],
      ],
    );
    near(report.macro_f1, 2 / 3);
    // −(ln 0.7 + ln 0.3 + ln 0.8 + ln 0.4 + ln 0.6 + ln 0.8) / 6
    // = (0.356675 + 1.203973 + 0.223144 + 0.916291 + 0.510826 + 0.223144) / 6 = 0.572342
    near(report.log_loss, 0.572342, 1e-6);
    // Bins: 0.5 → (0.4, 0.5] acc 0, conf 0.5: |0 − 0.5| = 0.5, weight 1/6
    //       0.6, 0.6 → (0.5, 0.6] acc 1/2, conf 0.6: 0.1, weight 2/6
    //       0.7 → (0.6, 0.7] acc 1, conf 0.7: 0.3, weight 1/6
    //       0.8, 0.8 → (0.7, 0.8] acc 1, conf 0.8: 0.2, weight 2/6
    // ECE = (0.5 + 0.2 + 0.3 + 0.4) / 6 = 1.4 / 6
    near(report.ece, 1.4 / 6);
  });

  it("gives the same report for flat Float32Array rows (up to float32 rounding)", () => {
    const flat = Float32Array.from(probs.flat());
    const a = classificationReport(Int32Array.from(truth), flat, ["A", "B", "C"]);
    const b = classificationReport(truth, probs, ["A", "B", "C"]);
    assert.deepEqual(a.confusion, b.confusion);
    assert.deepEqual(a.per_label, b.per_label);
    near(a.log_loss, b.log_loss, 1e-6);
  });

  it("gives precision 0 to a label never predicted, and F1 0 when precision and recall are 0 (zero_division=0)", () => {
    const report = classificationReport(
      [0, 1, 2],
      [
        [0.9, 0.05, 0.05],
        [0.6, 0.3, 0.1],
        [0.1, 0.1, 0.8],
      ],
      ["x", "y", "z"],
    );
    const y = report.per_label[1];
    assert.deepEqual(y, { label: "y", precision: 0, recall: 0, f1: 0, support: 1 });
    // x: precision 1/2, recall 1 → F1 2/3; z: 1, 1 → 1; macro over all three labels.
    near(report.per_label[0]?.f1 ?? NaN, 2 / 3);
    near(report.macro_f1, (2 / 3 + 0 + 1) / 3);
  });

  it("accepts a binary model's single sigmoid column as well as two columns", () => {
    const truth2 = [0, 0, 1, 1, 1];
    const sigmoid = [0.2, 0.6, 0.9, 0.4, 0.5];
    const single = classificationReport(truth2, sigmoid, ["neg", "pos"]);
    const nested = classificationReport(truth2, sigmoid.map((p) => [p]), ["neg", "pos"]);
    const pairs = classificationReport(truth2, sigmoid.map((p) => [1 - p, p]), ["neg", "pos"]);
    assert.deepEqual(single, pairs);
    assert.deepEqual(nested, pairs);
    // 0.5 is not above 0.5: predicted neg, like argmax([0.5, 0.5]).
    assert.deepEqual(single.confusion, [
      [1, 1],
      [2, 1],
    ]);
    // pos: precision 1/2, recall 1/3, F1 = 2·(1/6)/(5/6) = 0.4; neg: precision 1/3, recall 1/2, F1 0.4.
    near(single.per_label[1]?.f1 ?? NaN, 0.4);
    near(single.macro_f1, 0.4);
  });

  it("agrees with scikit-learn's definitions written another way, on random predictions", () => {
    const random = seededRandom(3);
    const k = 4;
    const n = 300;
    const truth = Array.from({ length: n }, () => Math.floor(random() * k));
    const probs = Array.from({ length: n }, () => {
      const raw = Array.from({ length: k }, () => random() ** 3);
      const sum = raw.reduce((a, b) => a + b, 0);
      return raw.map((x) => x / sum);
    });
    const report = classificationReport(truth, probs, ["a", "b", "c", "d"]);
    const predicted = probs.map((row) => row.indexOf(Math.max(...row)));
    near(report.accuracy, predicted.filter((p, i) => p === truth[i]).length / n);
    for (let j = 0; j < k; j++) {
      const tp = predicted.filter((p, i) => p === j && truth[i] === j).length;
      const fp = predicted.filter((p, i) => p === j && truth[i] !== j).length;
      const fn = predicted.filter((p, i) => p !== j && truth[i] === j).length;
      // F1 = 2TP / (2TP + FP + FN), the same number as the harmonic mean of precision and recall.
      near(report.per_label[j]?.f1 ?? NaN, (2 * tp) / (2 * tp + fp + fn));
      assert.equal(report.per_label[j]?.support, tp + fn);
    }
    near(report.log_loss, -truth.reduce((sum, t, i) => sum + Math.log(Math.max(1e-7, Math.min(1 - 1e-7, probs[i]?.[t] ?? NaN))), 0) / n);
    assert.equal(report.confusion.flat().reduce((a, b) => a + b, 0), n);
  });

  it("clips probabilities for the log loss to [1e-7, 1 − 1e-7]", () => {
    const report = classificationReport([1, 0], [0, 0], ["neg", "pos"]);
    // Row 0: p(pos) = 0 → −ln(1e-7); row 1: p(neg) = 1 → −ln(1 − 1e-7).
    near(report.log_loss, (-Math.log(1e-7) - Math.log(1 - 1e-7)) / 2);
  });

  it("refuses mismatched shapes, rows that do not sum to 1, and labels out of range", () => {
    assert.throws(() => classificationReport([0, 1], [0.5, 0.5, 0.5], ["a", "b"]), RangeError);
    assert.throws(() => classificationReport([0, 1], [[0.5, 0.5], [0.2, 0.2]], ["a", "b"]), /sum to/);
    assert.throws(() => classificationReport([0, 3], [[0.5, 0.5], [0.5, 0.5]], ["a", "b"]), /not a label index/);
    assert.throws(() => classificationReport([], [], ["a", "b"]), /no examples/);
    assert.throws(() => classificationReport([0], [[1]], ["a"]), /at least two/);
    assert.throws(() => classificationReport([0], [[1.5, -0.5]], ["a", "b"]), /not in \[0, 1\]/);
  });
});

describe("expectedCalibrationError", () => {
  it("is 0 for a calibrated set", () => {
    // Ten examples at confidence 0.8 of which 8 are right, five at 0.6 of which 3 are right.
    const truth: number[] = [];
    const probs: number[][] = [];
    for (let i = 0; i < 10; i++) {
      truth.push(i < 8 ? 0 : 1);
      probs.push([0.8, 0.2]);
    }
    for (let i = 0; i < 5; i++) {
      truth.push(i < 3 ? 1 : 0);
      probs.push([0.4, 0.6]);
    }
    near(expectedCalibrationError(truth, probs, 2), 0, 1e-12);
  });

  it("is exactly the gap for an over-confident set", () => {
    // Four at 0.9 with two right: |0.5 − 0.9| = 0.4; four at 0.7 all right: |1 − 0.7| = 0.3.
    // ECE = 4/8 · 0.4 + 4/8 · 0.3 = 0.35.
    const truth = [0, 0, 1, 1, 0, 0, 0, 0];
    const probs = [0.1, 0.1, 0.1, 0.1, 0.3, 0.3, 0.3, 0.3];
    near(expectedCalibrationError(truth, probs, 2), 0.35, 1e-12);
  });

  it("bins by (i/10, (i+1)/10], the first bin holding 0, at the exact edges", () => {
    assert.deepEqual([0, 0.05, 0.1, 0.1000001, 0.3, 0.5, 0.6, 0.7, 0.70001, 0.9, 1].map(binOf), [0, 0, 0, 1, 2, 4, 5, 6, 7, 8, 9]);
  });
});

describe("formatReport", () => {
  it("renders the figures, the per-label table and the confusion matrix with label headings", () => {
    const report = classificationReport(
      [0, 0, 1, 2],
      [
        [0.8, 0.1, 0.1],
        [0.2, 0.7, 0.1],
        [0.1, 0.8, 0.1],
        [0.1, 0.1, 0.8],
      ],
      ["negative", "neutral", "positive"],
    );
    const text = formatReport(report);
    assert.equal(
      text,
      [
        `4 examples: accuracy 0.7500, macro-F1 ${report.macro_f1.toFixed(4)}, log loss ${report.log_loss.toFixed(4)}, ECE ${report.ece.toFixed(4)}`,
        "",
        "label     precision  recall      f1  support",
        "negative     1.0000  0.5000  0.6667        2",
        "neutral      0.5000  1.0000  0.6667        1",
        "positive     1.0000  1.0000  1.0000        1",
        "",
        "confusion matrix (rows: true label, columns: predicted label)",
        "          negative  neutral  positive",
        "negative         1        1         0",
        "neutral          0        1         0",
        "positive         0        0         1",
      ].join("\n"),
    );
  });
});
