package dev.plateau.trainer.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import dev.plateau.api.contract.ContractJson;
import dev.plateau.api.contract.TrainerConfig;
import dev.plateau.api.v1alpha1.CheckpointRef;
import dev.plateau.api.v1alpha1.ModelSpec;
import dev.plateau.api.v1alpha1.TorchScriptModel;
import dev.plateau.trainer.TestData;
import dev.plateau.trainer.checkpoint.AtomicFiles;
import dev.plateau.trainer.data.DatasetLoader;
import dev.plateau.trainer.data.IdxReader;
import dev.plateau.trainer.data.LabeledData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * best/model.pt in PyTorch gives Plateau's predictions. Runs where a Python with torch is at hand:
 * {@code python3}, or the command in {@code PLATEAU_TORCH_PYTHON} (e.g. {@code
 * bench/trainer/in-reference-env.sh python3}, as root); skipped elsewhere (CI has no torch). The
 * module and the inputs go to Python on its standard input, so no path has to be shared.
 */
class TorchScriptInPythonIT {

  private static final int INPUTS = 200;

  /** Reads the module, then the inputs (float32, N x 1 x 28 x 28); prints the logits as JSON. */
  private static final String SCRIPT =
      """
      import io, json, struct, sys
      import torch
      data = sys.stdin.buffer.read()
      size = struct.unpack('>q', data[:8])[0]
      model = torch.jit.load(io.BytesIO(data[8:8 + size])).eval()
      x = torch.frombuffer(bytearray(data[8 + size:]), dtype=torch.float32).reshape(-1, 1, 28, 28)
      with torch.no_grad():
          print(json.dumps(model(x).tolist()))
      """;

  @TempDir Path runs;

  @Test
  void theServableModelPredictsInPyTorchAsInPlateau() throws Exception {
    List<String> python = pythonWithTorch();
    assumeThat(python)
        .as(
            "no Python with torch here (python3 -c 'import torch' fails): set"
                + " PLATEAU_TORCH_PYTHON to a command that has one")
        .isNotEmpty();
    Path runDir = runs.resolve("slice");
    new Training(setup(runDir), List.of(), DatasetLoader.withDefaults()).run();
    Path servable = runDir.resolve("best/model.pt");
    double scale =
        ContractJson.mapper()
            .readTree(runDir.resolve("best/preprocessing.json").toFile())
            .get("pixelScale")
            .asDouble();
    assertThat(scale).isEqualTo(1 / 255.0);

    LabeledData test = IdxReader.read(TestData.fashionMnist(), "t10k");
    float[] inputs = Arrays.copyOf(test.features(), INPUTS * 28 * 28);
    float[][] plateau = plateauLogits(servable, inputs);
    float[][] pytorch = pythonLogits(python, servable, inputs);

    assertThat(pytorch).hasNumberOfRows(INPUTS);
    for (int i = 0; i < INPUTS; i++) {
      assertThat(argmax(pytorch[i])).as("class of test image %d", i).isEqualTo(argmax(plateau[i]));
      for (int c = 0; c < 10; c++) {
        assertThat(pytorch[i][c]).isCloseTo(plateau[i][c], within(1e-4f));
      }
    }
  }

  private static float[][] plateauLogits(Path servable, float[] inputs) {
    try (NDManager manager = NDManager.newBaseManager()) {
      PtSymbolBlock module =
          JniUtils.loadModule(
              (PtNDManager) manager, servable, true, new String[0], new String[0], false);
      NDArray x = manager.create(inputs, new Shape(INPUTS, 1, 28, 28));
      NDArray logits =
          module
              .forward(new ParameterStore(manager, false), new NDList(x), false)
              .singletonOrThrow();
      float[] flat = logits.toFloatArray();
      float[][] rows = new float[INPUTS][];
      for (int i = 0; i < INPUTS; i++) {
        rows[i] = Arrays.copyOfRange(flat, i * 10, i * 10 + 10);
      }
      return rows;
    }
  }

  private static float[][] pythonLogits(List<String> python, Path servable, float[] inputs)
      throws Exception {
    List<String> command = new ArrayList<>(python);
    command.addAll(List.of("-c", SCRIPT));
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] module = Files.readAllBytes(servable);
    java.nio.ByteBuffer payload =
        java.nio.ByteBuffer.allocate(8 + module.length + inputs.length * 4);
    payload.putLong(module.length).put(module);
    payload.order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(inputs);
    try (var in = process.getOutputStream()) {
      in.write(payload.array());
    }
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    return ContractJson.mapper().readValue(out.strip(), float[][].class);
  }

  /** The command of a Python that imports torch, or an empty list. */
  private static List<String> pythonWithTorch() {
    String configured = System.getenv("PLATEAU_TORCH_PYTHON");
    List<String> python =
        configured == null || configured.isBlank()
            ? List.of("python3")
            : List.of(configured.strip().split("\\s+"));
    try {
      List<String> check = new ArrayList<>(python);
      check.addAll(List.of("-c", "import torch"));
      Process p =
          new ProcessBuilder(check)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 ? python : List.of();
    } catch (Exception e) {
      return List.of();
    }
  }

  private static int argmax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }

  private static TrainingSetup setup(Path runDir) {
    TrainerConfig config = TestData.mlpConfig(640, 1, 10);
    TorchScriptModel torchscript = new TorchScriptModel();
    torchscript.setClaimName("models");
    torchscript.setPath("small_cnn.pt");
    ModelSpec model = new ModelSpec();
    model.setTorchscript(torchscript);
    config.setModel(model);
    return new TrainingSetup(
        config,
        "slice",
        "uid-1",
        TestData.fashionMnist(),
        TorchScriptTrainingIT.fixture("small_cnn.pt"),
        runDir,
        Device.cpu(),
        new CheckpointRef("models", "slice/best"),
        new Interruption(),
        AtomicFiles.StepHook.NONE,
        Clock.systemUTC(),
        line -> {});
  }
}
