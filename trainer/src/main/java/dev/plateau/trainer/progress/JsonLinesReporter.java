package dev.plateau.trainer.progress;

import dev.plateau.api.contract.ContractJson;
import dev.plateau.api.contract.TerminationMessage;
import dev.plateau.api.v1alpha1.EpochRecord;
import dev.plateau.api.v1alpha1.ProgressSnapshot;
import dev.plateau.api.v1alpha1.TrainingResult;
import java.io.PrintWriter;

/**
 * Progress for pipelines and CI logs ({@code plateau run --output json}): one JSON object per line,
 * each epoch's record as in {@code metrics.jsonl}, then the result as in {@code result.json}; a
 * failure goes to stderr as {@code plateau: <what is wrong>}.
 */
public final class JsonLinesReporter implements ProgressReporter {

  private final PrintWriter out;
  private final PrintWriter err;

  public JsonLinesReporter(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public void epoch(EpochRecord record, ProgressSnapshot snapshot) {
    out.println(ContractJson.write(record));
    out.flush();
  }

  @Override
  public void finished(TrainingResult result, ProgressSnapshot snapshot) {
    out.println(ContractJson.write(result));
    out.flush();
  }

  @Override
  public void failed(TerminationMessage message) {
    err.println("plateau: " + message.message());
    err.flush();
  }
}
