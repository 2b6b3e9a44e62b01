package dev.plateau.trainer.model;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.plateau.trainer.InvalidInputException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A team's own model: a TorchScript module ({@code torch.jit.script} or {@code torch.jit.trace},
 * saved with {@code torch.jit.save}) that DJL's PyTorch engine runs and Plateau's loop trains.
 *
 * <p>Two traps of DJL 0.36 are handled here. A loaded module keeps the mode it was saved in (often
 * eval) while DJL's block believes it is training and switches the module only when its own flag
 * changes, so {@link #prepare} puts it into training mode itself. And {@code loadParameters} (what
 * loading {@code last/} does) swaps in a new native module while the block keeps the parameter list
 * it read before, so the caller loads {@code last/} before anything asks for the parameters (before
 * {@link #prepare} and the optimizer).
 */
public final class TorchScriptModule {

  /** Samples in the dry forward pass that checks the module against the data. */
  static final int DRY_RUN_SAMPLES = 2;

  private TorchScriptModule() {}

  /**
   * Loads the module for training (parameters that can require gradients) on the manager's device.
   *
   * @throws InvalidInputException when the file is missing or not TorchScript
   */
  public static PtSymbolBlock load(Path file, NDManager manager) {
    if (Files.isDirectory(file)) {
      throw new InvalidInputException(
          "model.torchscript: " + file + " is a folder; name the TorchScript file in it");
    }
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException("model.torchscript: " + file + " does not exist");
    }
    try {
      return JniUtils.loadModule(
          (PtNDManager) manager, file, true, new String[0], new String[0], true);
    } catch (EngineException | IllegalArgumentException e) {
      throw new InvalidInputException(
          "model.torchscript: "
              + file
              + " is not a TorchScript file (export the model with torch.jit.script or"
              + " torch.jit.trace and save it with torch.jit.save): "
              + firstLine(e.getMessage()));
    }
  }

  /**
   * Makes a loaded module ready to train and checks it against the data, before the first batch:
   * freezes the parameters named by {@code freeze}, refuses parameters that are not float32, runs
   * two samples through it in eval mode and checks that it returns logits (2, classes), then puts
   * it into training mode.
   *
   * @param freeze parameter-name prefixes not to train; each must match a parameter
   * @param sampleShape the shape of one sample the data gives, e.g. [1, 28, 28]
   * @throws InvalidInputException naming the prefix, parameter or shape and what to change
   */
  public static void prepare(
      PtSymbolBlock block,
      List<String> freeze,
      long[] sampleShape,
      int classes,
      NDManager manager) {
    List<Pair<String, Parameter>> parameters = block.getParameters().stream().toList();
    for (Pair<String, Parameter> p : parameters) {
      DataType type = p.getValue().getArray().getDataType();
      if (type != DataType.FLOAT32) {
        throw new InvalidInputException(
            "model.torchscript: parameter "
                + p.getKey()
                + " is "
                + type.name().toLowerCase(Locale.ROOT)
                + "; Plateau trains float32 parameters: export the module after model.float()");
      }
    }
    for (String prefix : freeze) {
      List<Parameter> matched =
          parameters.stream()
              .filter(p -> p.getKey().startsWith(prefix))
              .map(Pair::getValue)
              .toList();
      if (matched.isEmpty()) {
        throw new InvalidInputException(
            "model.torchscript.freeze: prefix '"
                + prefix
                + "' matches no parameter; the module's parameters are "
                + names(parameters));
      }
      matched.forEach(p -> p.freeze(true));
    }
    if (parameters.isEmpty()) {
      throw new InvalidInputException("model.torchscript: the module has no parameters to train");
    }
    if (parameters.stream().noneMatch(p -> p.getValue().requiresGradient())) {
      throw new InvalidInputException(
          "model.torchscript: no parameter is left to train (freeze covers all of "
              + names(parameters)
              + ")");
    }
    dryRun(block, sampleShape, classes, manager);
    JniUtils.enableTrainingMode(block);
  }

  private static void dryRun(
      PtSymbolBlock block, long[] sampleShape, int classes, NDManager parent) {
    long[] shape = new long[sampleShape.length + 1];
    shape[0] = DRY_RUN_SAMPLES;
    System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
    Shape input = new Shape(shape);
    Shape output;
    try (NDManager manager = parent.newSubManager()) {
      NDList out;
      try {
        out =
            block.forward(
                new ParameterStore(manager, false), new NDList(manager.zeros(input)), false);
      } catch (EngineException | IllegalArgumentException e) {
        throw new InvalidInputException(
            "model.torchscript: the module cannot take the data's input batch of shape "
                + input
                + " (N x one sample; a TorchScript file records no input shape): "
                + firstLine(e.getMessage()));
      }
      if (out.size() != 1) {
        throw new InvalidInputException(
            "model.torchscript: the module returns "
                + out.size()
                + " tensors; it must return one, the logits (N, "
                + classes
                + ")");
      }
      NDArray logits = out.singletonOrThrow();
      output = logits.getShape();
    }
    if (!output.equals(new Shape(DRY_RUN_SAMPLES, classes))) {
      throw new InvalidInputException(
          "model.torchscript: for an input of shape "
              + input
              + " the module returns shape "
              + output
              + "; it must return logits ("
              + DRY_RUN_SAMPLES
              + ", "
              + classes
              + "): one score per class, and the dataset has "
              + classes
              + " classes");
    }
  }

  /**
   * The error for a module that failed on a training batch after passing the dry run: the batch's
   * shape and libtorch's sentence, with the usual cause of a batch-size-dependent failure.
   */
  public static InvalidInputException failedOnBatch(Shape input, RuntimeException e) {
    String sentence = firstLine(e.getMessage());
    String hint =
        input.get(0) == 1
            ? " (a batch of one sample: BatchNorm cannot train on it; the last batch of an epoch"
                + " holds the training samples left over by batchSize, so choose a batchSize"
                + " that leaves more than one)"
            : "";
    return new InvalidInputException(
        "model.torchscript: the module failed on a training batch of shape "
            + input
            + ": "
            + sentence
            + hint,
        e);
  }

  /** Writes the module as a TorchScript file that {@code torch.jit.load} reads. */
  public static void save(PtSymbolBlock block, OutputStream out) throws IOException {
    JniUtils.writeModule(block, out, false);
  }

  private static String names(List<Pair<String, Parameter>> parameters) {
    List<String> names = new ArrayList<>();
    for (Pair<String, Parameter> p : parameters) {
      if (names.size() == 12) {
        names.add("... (" + parameters.size() + " in all)");
        break;
      }
      names.add(p.getKey());
    }
    return String.join(", ", names);
  }

  /**
   * libtorch's own sentence, without the C++ and TorchScript stack around it: the last line of the
   * form {@code RuntimeError: ...} (the interpreter's traceback comes first), else the first line.
   */
  public static String firstLine(String message) {
    if (message == null || message.isBlank()) {
      return "no message";
    }
    String sentence = null;
    for (String line : message.strip().split("\n")) {
      java.util.regex.Matcher m = ERROR_LINE.matcher(line.strip());
      if (m.matches()) {
        sentence = m.group(1);
      }
    }
    if (sentence == null) {
      sentence = message.strip().lines().findFirst().orElse("no message").strip();
    }
    return sentence.length() > 300 ? sentence.substring(0, 300) + "..." : sentence;
  }

  private static final java.util.regex.Pattern ERROR_LINE =
      java.util.regex.Pattern.compile("^[A-Za-z.]*(?:Error|Exception): (.+)$");
}
