import { BOOK_LABELS } from "../../shared/artifact.ts";
import type { CorpusSource, RecordSource } from "./encode-records.ts";
import { mapLabels } from "./labels.ts";
import type { Dataset, Review } from "./load-dataset.ts";
import type { TextRecord } from "./records.ts";

/**
 * The IMDB reviews, already read whole by loadDataset, as a source the records encoder
 * reads beside other datasets: labels by name (BOOK_LABELS, as the book's exports record
 * them), `where` the review's path in the dataset, each split its own part.
 */
export function reviewCorpus(dataset: Dataset, labelMap: ReadonlyMap<string, string> | undefined): CorpusSource {
  const part = (split: "train" | "test", reviews: readonly Review[]): RecordSource => {
    const read = () => reviewRecords(reviews);
    return { name: `${dataset.source} (${split})`, read: labelMap ? () => mapLabels(read(), labelMap) : read };
  };
  return { name: dataset.source, train: part("train", dataset.train), test: part("test", dataset.test) };
}

async function* reviewRecords(reviews: readonly Review[]): AsyncGenerator<TextRecord, void, undefined> {
  for (const review of reviews) yield { text: review.text, label: BOOK_LABELS[review.label], where: review.id };
}
