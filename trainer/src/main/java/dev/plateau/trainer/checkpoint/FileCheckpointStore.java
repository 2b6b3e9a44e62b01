package dev.plateau.trainer.checkpoint;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.pytorch.engine.PtSymbolBlock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plateau.api.contract.ContractJson;
import dev.plateau.api.contract.TrainerPaths;
import dev.plateau.api.v1alpha1.TrainingResult;
import dev.plateau.trainer.model.TorchScriptModule;
import dev.plateau.trainer.optimizer.StatefulOptimizer;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The checkpoints of one run: {@code best/} (the weights of the best epoch, loadable by plain DJL)
 * and {@code last/} (weights, optimizer state and training state to resume). Every file is written
 * atomically and the metadata file that names the others is written last, so a crash between any
 * two steps leaves the previous checkpoint whole. IO errors propagate.
 */
public final class FileCheckpointStore {

  /** Prefix of the DJL weights files: {@code model-NNNN.params}. */
  public static final String MODEL_PREFIX = "model";

  static final String BEST_META = "checkpoint.json";

  /** The servable TorchScript module in best/, for a torchscript model. */
  public static final String SERVABLE_MODEL = "model.pt";

  /** How inputs were prepared, next to {@link #SERVABLE_MODEL}. */
  public static final String PREPROCESSING = "preprocessing.json";

  static final String LAST_META = "state.json";

  /** The fields of state.json that name the files of last/. */
  private static final String PARAMS_FILE = "paramsFile";

  private static final String OPTIMIZER_FILE = "optimizerFile";
  private static final Pattern NUMBERED =
      Pattern.compile("^(model|optimizer)-(\\d+)\\.(params|bin)$");

  private final Path runDir;
  private final AtomicFiles.StepHook hook;

  public FileCheckpointStore(Path runDir) {
    this(runDir, AtomicFiles.StepHook.NONE);
  }

  public FileCheckpointStore(Path runDir, AtomicFiles.StepHook hook) {
    this.runDir = runDir;
    this.hook = hook;
  }

  public Path runDir() {
    return runDir;
  }

  public Path bestDir() {
    return runDir.resolve(TrainerPaths.BEST_DIR);
  }

  public Path lastDir() {
    return runDir.resolve(TrainerPaths.LAST_DIR);
  }

  /** Saves the model's weights as the best checkpoint of {@code epoch}. */
  public void saveBest(Model model, int epoch, BestMetadata metadata) throws IOException {
    Path dir = bestDir();
    String params = saveParams(model, dir, epoch);
    hook.reached("best:params");

    BestCheckpoint meta =
        new BestCheckpoint(
            epoch, metadata.monitor(), metadata.mode(), metadata.value(), params, metadata.info());
    AtomicFiles.write(dir.resolve(BEST_META), out -> ContractJson.mapper().writeValue(out, meta));
    hook.reached("best:metadata");
    removeOthers(dir, params, null);
    hook.reached("best:cleaned");
  }

  /** Why the weights are the best: the monitor and its value. */
  public record BestMetadata(
      dev.plateau.api.v1alpha1.Monitor monitor,
      dev.plateau.api.v1alpha1.Mode mode,
      double value,
      ModelInfo info) {}

  /** Saves everything a resumed trainer needs; {@code state.json} is written last. */
  public void saveLast(Model model, StatefulOptimizer optimizer, TrainingState state)
      throws IOException {
    Path dir = lastDir();
    int sequence = nextSequence(dir);
    String params = saveParams(model, dir, sequence);
    hook.reached("last:params");
    String optimizerFile = String.format(Locale.ROOT, "optimizer-%04d.bin", sequence);
    AtomicFiles.write(
        dir.resolve(optimizerFile),
        out -> {
          DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out));
          optimizer.save(data);
          data.flush();
        });
    hook.reached("last:optimizer");
    // state.json: the state's fields, then the files it names (the layout since Plateau 0.1.0).
    ObjectNode committed = ContractJson.mapper().valueToTree(state);
    committed.put(PARAMS_FILE, params);
    committed.put(OPTIMIZER_FILE, optimizerFile);
    AtomicFiles.write(
        dir.resolve(LAST_META), out -> ContractJson.mapper().writeValue(out, committed));
    hook.reached("last:state");
    removeOthers(dir, params, optimizerFile);
    hook.reached("last:cleaned");
  }

  public Optional<LastCheckpoint> readLast() throws IOException {
    Optional<JsonNode> file = read(lastDir().resolve(LAST_META), JsonNode.class);
    if (file.isEmpty()) {
      return Optional.empty();
    }
    JsonNode node = file.get();
    return Optional.of(
        new LastCheckpoint(
            ContractJson.mapper().treeToValue(node, TrainingState.class),
            node.path(PARAMS_FILE).asText(null),
            node.path(OPTIMIZER_FILE).asText(null)));
  }

  public Optional<BestCheckpoint> readBest() throws IOException {
    return readBest(bestDir());
  }

  /** The metadata of the best checkpoint in {@code dir} (a {@code best/} folder, maybe copied). */
  public static Optional<BestCheckpoint> readBest(Path dir) throws IOException {
    return read(dir.resolve(BEST_META), BestCheckpoint.class);
  }

  /**
   * Loads the weights of {@code last} into a model built for them. Call before the trainer is
   * initialised: DJL's trainer caches parameter arrays, and initialising after the load also
   * re-attaches gradients to the loaded arrays.
   */
  public void loadLastWeights(Model model, LastCheckpoint last) throws IOException {
    loadParams(model, lastDir(), last.paramsFile());
  }

  /** Loads the optimizer state of {@code last} into an optimizer bound to the model. */
  public void loadLastOptimizer(StatefulOptimizer optimizer, LastCheckpoint last)
      throws IOException {
    Path file = lastDir().resolve(last.optimizerFile());
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      optimizer.load(in);
    }
  }

  /** Loads the best weights into a model built for them, before any trainer uses it. */
  public void loadBest(Model model, BestCheckpoint best) throws IOException {
    loadBest(model, bestDir(), best);
  }

  /** Loads the weights of the best checkpoint in {@code dir}, before any trainer uses them. */
  public static void loadBest(Model model, Path dir, BestCheckpoint best) throws IOException {
    loadParams(model, dir, best.paramsFile());
  }

  /**
   * Writes {@code best/model.pt} (the TorchScript module with the best epoch's weights, for {@code
   * torch.jit.load} and model servers) and {@code best/preprocessing.json} (how inputs were
   * prepared), from the committed best checkpoint of a torchscript model. Called when training
   * ends, before {@code result.json}, so the files always match {@code checkpoint.json}.
   */
  public void writeServable(
      BestCheckpoint best, dev.plateau.api.v1alpha1.DatasetFormat format, ai.djl.Device device)
      throws IOException {
    Path dir = bestDir();
    try (Model model = Model.newInstance("best", device)) {
      PtSymbolBlock module = loadBestModule(model, dir, best);
      AtomicFiles.write(dir.resolve(SERVABLE_MODEL), out -> TorchScriptModule.save(module, out));
    }
    AtomicFiles.write(
        dir.resolve(PREPROCESSING),
        out ->
            ContractJson.mapper()
                .writerWithDefaultPrettyPrinter()
                .writeValue(out, Preprocessing.of(best.info(), format)));
  }

  /**
   * Loads the TorchScript module of a best checkpoint (its weights file holds the whole module)
   * into {@code model}, which must have no block yet.
   */
  public static PtSymbolBlock loadBestModule(Model model, Path dir, BestCheckpoint best)
      throws IOException {
    PtSymbolBlock module =
        new PtSymbolBlock((ai.djl.pytorch.engine.PtNDManager) model.getNDManager());
    model.setBlock(module);
    loadParams(model, dir, best.paramsFile());
    return (PtSymbolBlock) model.getBlock();
  }

  /** Writes {@code result.json} next to the checkpoints. */
  public void writeResult(TrainingResult result) throws IOException {
    AtomicFiles.write(
        runDir.resolve(TrainerPaths.RESULT_FILE),
        out -> ContractJson.mapper().writerWithDefaultPrettyPrinter().writeValue(out, result));
  }

  /** Removes temporary files a crash left in best/ and last/. */
  public void removeLeftovers() throws IOException {
    AtomicFiles.removeLeftovers(bestDir());
    AtomicFiles.removeLeftovers(lastDir());
    AtomicFiles.removeLeftovers(runDir);
  }

  /** Writes {@code model-NNNN.params} in DJL's format, atomically; returns its name. */
  private String saveParams(Model model, Path dir, int number) throws IOException {
    Files.createDirectories(dir);
    Path temp = dir.resolve(AtomicFiles.TEMP_PREFIX + UUID.randomUUID());
    try {
      model.setProperty("Epoch", Integer.toString(number));
      model.save(temp, MODEL_PREFIX);
      String name = String.format(Locale.ROOT, "%s-%04d.params", MODEL_PREFIX, number);
      Path written = temp.resolve(name);
      AtomicFiles.force(written);
      AtomicFiles.move(written, dir.resolve(name));
      AtomicFiles.forceDirectory(dir);
      return name;
    } finally {
      AtomicFiles.deleteRecursively(temp);
    }
  }

  private static void loadParams(Model model, Path dir, String paramsFile) throws IOException {
    Matcher m = NUMBERED.matcher(paramsFile);
    if (!m.matches()) {
      throw new IOException("unexpected weights file name " + paramsFile + " in " + dir);
    }
    try {
      model.load(
          dir, MODEL_PREFIX, Map.of("epoch", Integer.toString(Integer.parseInt(m.group(2)))));
    } catch (MalformedModelException e) {
      throw new IOException(
          dir.resolve(paramsFile) + " is not a valid weights file: " + e.getMessage(), e);
    }
  }

  private static int nextSequence(Path dir) throws IOException {
    int max = 0;
    if (Files.isDirectory(dir)) {
      try (Stream<Path> list = Files.list(dir)) {
        for (Path p : list.toList()) {
          Matcher m = NUMBERED.matcher(p.getFileName().toString());
          if (m.matches()) {
            max = Math.max(max, Integer.parseInt(m.group(2)));
          }
        }
      }
    }
    return max + 1;
  }

  /** Deletes numbered files other than the ones the committed metadata names. */
  private static void removeOthers(Path dir, String keepParams, String keepOptimizer)
      throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      for (Path p : list.toList()) {
        String name = p.getFileName().toString();
        if (NUMBERED.matcher(name).matches()
            && !name.equals(keepParams)
            && !name.equals(keepOptimizer)) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static <T> Optional<T> read(Path file, Class<T> type) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return Optional.of(ContractJson.mapper().readValue(in, type));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }
}
