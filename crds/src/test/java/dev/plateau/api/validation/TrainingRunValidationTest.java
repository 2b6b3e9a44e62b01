package dev.plateau.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated CRD's schema and CEL rules, evaluated with the real CEL library and a JSON Schema
 * validator, against manifests a user could write. Each invalid case names the message the user
 * sees.
 */
class TrainingRunValidationTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final CrdValidator VALIDATOR = CrdValidator.trainingRuns();

  static ObjectNode base() {
    try (InputStream in = TrainingRunValidationTest.class.getResourceAsStream("/valid-run.yaml")) {
      return (ObjectNode) YAML.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode yaml(String text) {
    try {
      return YAML.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sets (or, with a null value, removes) a dotted path of the manifest. */
  static Consumer<ObjectNode> set(String path, String yamlValue) {
    return root -> {
      String[] parts = path.split("\\.");
      ObjectNode node = root;
      for (int i = 0; i < parts.length - 1; i++) {
        node = node.with(parts[i]);
      }
      String last = parts[parts.length - 1];
      if (yamlValue == null) {
        node.remove(last);
      } else {
        node.set(last, yaml(yamlValue));
      }
    };
  }

  static Consumer<ObjectNode> remove(String path) {
    return set(path, null);
  }

  @SafeVarargs
  static ObjectNode manifest(Consumer<ObjectNode>... edits) {
    ObjectNode m = base();
    for (Consumer<ObjectNode> edit : edits) {
      edit.accept(m);
    }
    return m;
  }

  static final String SHA = "a".repeat(64);

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(
            "unknown architecture",
            manifest(set("spec.model.architecture", "vit")),
            "spec.model.architecture: Unsupported value: \"vit\": supported values: \"cnn\","
                + " \"lenet\", \"mlp\", \"resnet18\""),
        Arguments.of("no model", manifest(remove("spec.model")), "spec.model: Required value"),
        Arguments.of(
            "no dataset format",
            manifest(remove("spec.dataset.format")),
            "spec.dataset.format: Required value"),
        Arguments.of(
            "unknown dataset format",
            manifest(set("spec.dataset.format", "parquet")),
            "spec.dataset.format: Unsupported value: \"parquet\": supported values: \"cifar10\","
                + " \"csv\", \"idx\", \"imagefolder\""),
        Arguments.of(
            "unknown optimizer",
            manifest(set("spec.training.optimizer", "rmsprop")),
            "spec.training.optimizer: Unsupported value: \"rmsprop\": supported values:"
                + " \"adam\", \"sgd\""),
        Arguments.of(
            "unknown monitor",
            manifest(set("spec.earlyStopping.monitor", "accuracy")),
            "spec.earlyStopping.monitor: Unsupported value: \"accuracy\": supported values:"
                + " \"train_loss\", \"val_accuracy\", \"val_loss\""),
        Arguments.of(
            "zero epochs",
            manifest(set("spec.training.maxEpochs", "0")),
            "spec.training.maxEpochs: Invalid value: 0: spec.training.maxEpochs in body should"
                + " be greater than or equal to 1"),
        Arguments.of(
            "zero learning rate",
            manifest(set("spec.training.learningRate", "0")),
            "spec.training.learningRate: Invalid value: 0: spec.training.learningRate in body"
                + " should be greater than 0"),
        Arguments.of(
            "patience 0",
            manifest(set("spec.earlyStopping.patience", "0")),
            "spec.earlyStopping.patience: Invalid value: 0: spec.earlyStopping.patience in body"
                + " should be greater than or equal to 1"),
        Arguments.of(
            "negative delta",
            manifest(set("spec.earlyStopping.delta", "-0.01")),
            "spec.earlyStopping.delta: Invalid value: -0.01: spec.earlyStopping.delta in body"
                + " should be greater than or equal to 0"),
        Arguments.of(
            "mode min with an accuracy monitor",
            manifest(
                set("spec.earlyStopping.monitor", "val_accuracy"),
                set("spec.earlyStopping.mode", "min")),
            "spec.earlyStopping.mode: Invalid value: \"object\": mode: min contradicts monitor:"
                + " val_accuracy (accuracy is maximised); use mode: max or leave mode out"),
        Arguments.of(
            "mode max with val_loss",
            manifest(set("spec.earlyStopping.mode", "max")),
            "spec.earlyStopping.mode: Invalid value: \"object\": mode: max contradicts a loss monitor"
                + " (losses are minimised); use mode: min or leave mode out"),
        Arguments.of(
            "mode max with train_loss",
            manifest(
                set("spec.earlyStopping.monitor", "train_loss"),
                set("spec.earlyStopping.mode", "max")),
            "spec.earlyStopping.mode: Invalid value: \"object\": mode: max contradicts a loss monitor"
                + " (losses are minimised); use mode: min or leave mode out"),
        Arguments.of(
            "minEpochs beyond maxEpochs",
            manifest(set("spec.earlyStopping.minEpochs", "31")),
            "spec.earlyStopping.minEpochs: Invalid value: \"object\": earlyStopping.minEpochs must not exceed"
                + " training.maxEpochs"),
        Arguments.of(
            "checkpoints with both claimName and size",
            manifest(set("spec.checkpoints.claimName", "models")),
            "spec.checkpoints.size: Invalid value: \"object\": set exactly one of claimName (an"
                + " existing PVC) or size (a new PVC the operator creates)"),
        Arguments.of(
            "checkpoints with neither claimName nor size",
            manifest(remove("spec.checkpoints.size")),
            "spec.checkpoints.size: Invalid value: \"object\": set exactly one of claimName (an"
                + " existing PVC) or size (a new PVC the operator creates)"),
        Arguments.of(
            "storageClassName with an existing claim",
            manifest(
                remove("spec.checkpoints.size"),
                set("spec.checkpoints.claimName", "models"),
                set("spec.checkpoints.storageClassName", "fast")),
            "spec.checkpoints.storageClassName: Invalid value: \"object\": storageClassName applies only with"
                + " size (a PVC the operator creates)"),
        Arguments.of(
            "retain false on an existing claim",
            manifest(
                remove("spec.checkpoints.size"),
                set("spec.checkpoints.claimName", "models"),
                set("spec.checkpoints.retain", "false")),
            "spec.checkpoints.retain: Invalid value: \"object\": retain: false applies only to a PVC"
                + " the operator creates (size); an existing claim is never deleted"),
        Arguments.of(
            "no checkpoints",
            manifest(remove("spec.checkpoints")),
            "spec.checkpoints: Required value"),
        Arguments.of(
            "dataset with a claim and files",
            manifest(
                set(
                    "spec.dataset.files",
                    "[{url: 'https://example.org/a.gz', sha256: " + SHA + "}]")),
            "spec.dataset.files: Invalid value: \"object\": choose one data source: claimName and path"
                + " (an existing PVC), or files (downloaded), not both"),
        Arguments.of(
            "dataset without a source",
            manifest(remove("spec.dataset.claimName"), remove("spec.dataset.path")),
            "spec.dataset.claimName: Invalid value: \"object\": the dataset needs a source: claimName and"
                + " path (an existing PVC and the folder in it), or files"),
        Arguments.of(
            "dataset claim without a path",
            manifest(remove("spec.dataset.path")),
            "spec.dataset.claimName: Invalid value: \"object\": the dataset needs a source: claimName and"
                + " path (an existing PVC and the folder in it), or files"),
        Arguments.of(
            "plain http download",
            manifest(
                remove("spec.dataset.claimName"),
                remove("spec.dataset.path"),
                set(
                    "spec.dataset.files",
                    "[{url: 'http://example.org/a.gz', sha256: " + SHA + "}]")),
            "spec.dataset.files[0].url: Invalid value: \"http://example.org/a.gz\": url must"
                + " start with https:// (plain http and other schemes are refused)"),
        Arguments.of(
            "a checksum that is not SHA-256 hex",
            manifest(
                remove("spec.dataset.claimName"),
                remove("spec.dataset.path"),
                set("spec.dataset.files", "[{url: 'https://example.org/a.gz', sha256: abc}]")),
            "spec.dataset.files[0].sha256: Invalid value: \"abc\": spec.dataset.files[0].sha256"
                + " in body should match '^[a-f0-9]{64}$'"),
        Arguments.of(
            "seventeen files",
            manifest(
                remove("spec.dataset.claimName"),
                remove("spec.dataset.path"),
                set(
                    "spec.dataset.files",
                    "["
                        + ("{url: 'https://example.org/a.gz', sha256: " + SHA + "},").repeat(17)
                        + "]")),
            "spec.dataset.files: Too many: 17: must have at most 16 items"),
        Arguments.of(
            "validationSplit and validationPath",
            manifest(set("spec.dataset.validationPath", "val")),
            "spec.dataset.validationPath: Invalid value: \"object\": set validationSplit or validationPath, not"
                + " both"),
        Arguments.of(
            "validationSplit above one half",
            manifest(set("spec.dataset.validationSplit", "0.9")),
            "spec.dataset.validationSplit: Invalid value: 0.9: spec.dataset.validationSplit in"
                + " body should be less than or equal to 0.5"),
        Arguments.of(
            "validationSplit 0",
            manifest(set("spec.dataset.validationSplit", "0")),
            "spec.dataset.validationSplit: Invalid value: 0: spec.dataset.validationSplit in body"
                + " should be greater than 0"),
        Arguments.of(
            "a path escaping the claim",
            manifest(set("spec.dataset.path", "data/../../etc")),
            "spec.dataset.path: Invalid value: \"data/../../etc\": paths may not contain '..'"
                + " segments"),
        Arguments.of(
            "imageSize for idx data",
            manifest(set("spec.dataset.imageSize", "64")),
            "spec.dataset.imageSize: Invalid value: \"object\": imageSize applies only to format:"
                + " imagefolder"),
        Arguments.of(
            "a label column name without a header line",
            manifest(
                set("spec.dataset.format", "csv"),
                set("spec.dataset.csv", "{header: false, labelName: species}")),
            "spec.dataset.csv.labelName: Invalid value: \"object\": labelName needs a header line (header:"
                + " true)"),
        Arguments.of(
            "csv options for idx data",
            manifest(set("spec.dataset.csv", "{header: false}")),
            "spec.dataset.csv: Invalid value: \"object\": csv options apply only to format: csv"),
        Arguments.of(
            "hiddenLayers for a cnn",
            manifest(set("spec.model.architecture", "cnn")),
            "spec.model.hiddenLayers: Invalid value: \"object\": hiddenLayers applies only to architecture:"
                + " mlp"),
        Arguments.of(
            "both an architecture and a torchscript file",
            manifest(set("spec.model.torchscript", "{claimName: models, path: cnn/model.pt}")),
            "spec.model.architecture: Invalid value: \"object\": model needs exactly one of architecture (a"
                + " built-in model) or torchscript (your own)"),
        Arguments.of(
            "neither an architecture nor a torchscript file",
            manifest(set("spec.model", "{}")),
            "spec.model.architecture: Invalid value: \"object\": model needs exactly one of architecture (a"
                + " built-in model) or torchscript (your own)"),
        Arguments.of(
            "a torchscript file with two sources",
            manifest(
                set(
                    "spec.model",
                    "{torchscript: {claimName: models, path: m.pt, url: 'https://example.org/m.pt',"
                        + " sha256: "
                        + SHA
                        + "}}")),
            "spec.model.torchscript.url: Invalid value: \"object\": torchscript needs exactly one"
                + " source: claimName and path (a file on a PVC), or url and sha256"
                + " (downloaded)"),
        Arguments.of(
            "a torchscript claim without a path",
            manifest(set("spec.model", "{torchscript: {claimName: models}}")),
            "spec.model.torchscript.path: Invalid value: \"object\": a torchscript file on a claim"
                + " needs both claimName and path"),
        Arguments.of(
            "a torchscript download without its sha256",
            manifest(set("spec.model", "{torchscript: {url: 'https://example.org/m.pt'}}")),
            "spec.model.torchscript.sha256: Invalid value: \"object\": a downloaded torchscript file"
                + " needs both url and sha256"),
        Arguments.of(
            "a file name for a torchscript file on a claim",
            manifest(
                set("spec.model", "{torchscript: {claimName: models, path: m.pt, name: x.pt}}")),
            "spec.model.torchscript.name: Invalid value: \"object\": name applies only to a"
                + " downloaded file (url)"),
        Arguments.of(
            "an empty freeze prefix",
            manifest(
                set("spec.model", "{torchscript: {claimName: models, path: m.pt, freeze: ['']}}")),
            "spec.model.torchscript.freeze: Invalid value: \"array\": every freeze prefix must"
                + " be 1 to 256 characters"),
        Arguments.of(
            "a torchscript path escaping the claim",
            manifest(set("spec.model", "{torchscript: {claimName: models, path: ../x/m.pt}}")),
            "spec.model.torchscript.path: Invalid value: \"../x/m.pt\": paths may not contain"
                + " '..' segments"),
        Arguments.of(
            "hiddenLayers with a torchscript file",
            manifest(
                set(
                    "spec.model",
                    "{torchscript: {claimName: models, path: m.pt}, hiddenLayers: [64]}")),
            "spec.model.hiddenLayers: Invalid value: \"object\": hiddenLayers applies only to architecture:"
                + " mlp"),
        Arguments.of(
            "dropout for lenet",
            manifest(set("spec.model", "{architecture: lenet, dropout: 0.3}")),
            "spec.model.dropout: Invalid value: \"object\": dropout applies only to architecture: mlp or"
                + " cnn"),
        Arguments.of(
            "a hidden layer of size 0",
            manifest(set("spec.model.hiddenLayers", "[256, 0]")),
            "spec.model.hiddenLayers: Invalid value: \"array\": every hiddenLayers entry must be"
                + " between 1 and 8192"),
        Arguments.of(
            "momentum with adam",
            manifest(set("spec.training.momentum", "0.9")),
            "spec.training.momentum: Invalid value: \"object\": momentum applies only to optimizer: sgd"),
        Arguments.of(
            "minLearningRate not below learningRate",
            manifest(set("spec.training.reduceLROnPlateau", "{minLearningRate: 0.01}")),
            "spec.training.reduceLROnPlateau.minLearningRate: Invalid value: \"object\": reduceLROnPlateau.minLearningRate must be"
                + " below learningRate"),
        Arguments.of(
            "two GPUs",
            manifest(set("spec.resources.gpus", "2")),
            "spec.resources.gpus: Invalid value: 2: spec.resources.gpus in body should be less"
                + " than or equal to 1"),
        Arguments.of(
            "a misspelt field",
            manifest(set("spec.traning", "{maxEpochs: 5}")),
            "unknown field \"spec.traning\": did you mean training?"),
        Arguments.of(
            "a field unlike any other",
            manifest(set("spec.zzzz", "1")),
            "unknown field \"spec.zzzz\": check its spelling"),
        Arguments.of(
            "a queue name with a space",
            manifest(set("spec.runPolicy.queueName", "'team a'")),
            "spec.runPolicy.queueName: Invalid value: \"team a\": spec.runPolicy.queueName in"
                + " body should match '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$'"),
        Arguments.of(
            "a name that is not a DNS label",
            manifest(set("metadata.name", "Fashion.MLP")),
            "metadata.name: Invalid value: \"object\": metadata.name must be a DNS label (lowercase letters,"
                + " digits and '-'): it names the run's Job"),
        Arguments.of(
            "a name longer than a label",
            manifest(set("metadata.name", "r" + "x".repeat(63))),
            "metadata.name: Invalid value: \"object\": metadata.name must be at most 63 characters: it names"
                + " the run's Job and labels its objects"),
        Arguments.of(
            "a toleration with Exists and a value",
            manifest(
                set("spec.tolerations", "[{key: nvidia.com/gpu, operator: Exists, value: x}]")),
            "spec.tolerations[0].value: Invalid value: \"object\": a toleration with operator: Exists"
                + " takes no value"),
        Arguments.of(
            "maxEpochs as a string",
            manifest(set("spec.training.maxEpochs", "'ten'")),
            "spec.training.maxEpochs: Invalid value: \"ten\": spec.training.maxEpochs in body"
                + " must be of type integer: \"string\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void rejectsWithTheMessageAUserSees(String name, ObjectNode manifest, String expected) {
    List<String> messages =
        VALIDATOR.validateCreate(manifest).stream().map(Violation::toString).toList();

    assertThat(messages).contains(expected);
  }

  static Stream<Arguments> valid() {
    return Stream.of(
        Arguments.of("the base manifest", base()),
        Arguments.of(
            "a torchscript file on a claim, fine-tuned",
            manifest(
                set(
                    "spec.model",
                    "{torchscript: {claimName: models, path: cnn/model.pt, freeze:"
                        + " [features.]}}"))),
        Arguments.of(
            "a downloaded torchscript file",
            manifest(
                set(
                    "spec.model",
                    "{torchscript: {url: 'https://example.org/v2/model.pt', sha256: "
                        + SHA
                        + ", name: cnn.pt}}"))),
        Arguments.of(
            "only the required fields",
            yaml(
                """
                apiVersion: plateau.dev/v1alpha1
                kind: TrainingRun
                metadata: {name: minimal}
                spec:
                  model: {architecture: lenet}
                  dataset: {format: idx, claimName: datasets, path: fashion-mnist}
                  checkpoints: {claimName: models}
                """)),
        Arguments.of(
            "downloaded files, sgd with momentum and a plateau schedule",
            manifest(
                remove("spec.dataset.claimName"),
                remove("spec.dataset.path"),
                set(
                    "spec.dataset.files",
                    "[{url: 'https://example.org/train-images-idx3-ubyte.gz', sha256: "
                        + SHA
                        + "},"
                        + " {url: 'https://example.org/labels', sha256: "
                        + SHA
                        + ", name:"
                        + " train-labels-idx1-ubyte.gz}]"),
                set("spec.training.optimizer", "sgd"),
                set("spec.training.momentum", "0.8"),
                set(
                    "spec.training.reduceLROnPlateau",
                    "{factor: 0.5, patience: 2, minLearningRate: 0.00001}"))),
        Arguments.of(
            "an image folder for resnet18 on a GPU with a separate validation set",
            manifest(
                set("spec.model", "{architecture: resnet18}"),
                set(
                    "spec.dataset",
                    "{format: imagefolder, claimName: images, path: flowers, validationPath: val,"
                        + " testPath: test, imageSize: 64}"),
                set("spec.resources", "{gpus: 1, limits: {cpu: '4', memory: 16Gi}}"),
                set(
                    "spec.tolerations",
                    "[{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]"),
                set("spec.nodeSelector", "{nvidia.com/gpu.present: 'true'}"),
                set("spec.imagePullSecrets", "[{name: registry}]"))),
        Arguments.of(
            "csv data, accuracy monitored with an explicit max",
            manifest(
                set("spec.model", "{architecture: mlp, hiddenLayers: [32]}"),
                set(
                    "spec.dataset",
                    "{format: csv, claimName: tables, path: iris, csv: {header: true, labelColumn:"
                        + " 4}, maxSamples: 1000}"),
                set("spec.earlyStopping", "{monitor: val_accuracy, mode: max, patience: 3}"))),
        Arguments.of(
            "a queued, suspended run with a deadline",
            manifest(
                set(
                    "spec.runPolicy",
                    "{queueName: team-a, suspend: true, activeDeadlineSeconds: 3600,"
                        + " ttlSecondsAfterFinished: 600}"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void accepts(String name, JsonNode manifest) {
    assertThat(VALIDATOR.validateCreate(manifest)).isEmpty();
  }

  static Stream<ExampleManifests.Example> examples() {
    return ExampleManifests.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void everyExampleIsValid(ExampleManifests.Example example) {
    assertThat(VALIDATOR.validateCreate(example.manifest())).isEmpty();
  }

  @Test
  void theExamplesIncludeTheQuickStart() {
    assertThat(examples().map(ExampleManifests.Example::source)).contains("fashion-mnist.yaml");
  }

  static Stream<Arguments> updates() {
    return Stream.of(
        Arguments.of(
            "another architecture",
            set("spec.model", "{architecture: lenet}"),
            "spec.model: Invalid value: \"object\": model is immutable: create a new TrainingRun"
                + " to train another model"),
        Arguments.of(
            "another data folder",
            set("spec.dataset.path", "mnist"),
            "spec.dataset: Invalid value: \"object\": dataset is immutable: create a new"
                + " TrainingRun to train on other data"),
        Arguments.of(
            "another learning rate",
            set("spec.training.learningRate", "0.01"),
            "spec.training: Invalid value: \"object\": training is immutable: create a new"
                + " TrainingRun to change training settings"),
        Arguments.of(
            "training settings added where defaults were in force",
            set("spec.training", "{maxEpochs: 5}"),
            "spec.training: Invalid value: \"object\": training is immutable: create a new"
                + " TrainingRun to change training settings"),
        Arguments.of(
            "another patience",
            set("spec.earlyStopping.patience", "10"),
            "spec.earlyStopping: Invalid value: \"object\": earlyStopping is immutable: create a"
                + " new TrainingRun to change when training stops"));
  }

  @ParameterizedTest(name = "changing {0} is rejected")
  @MethodSource("updates")
  void trainingPartsAreImmutable(String name, Consumer<ObjectNode> edit, String expected) {
    ObjectNode old = base();
    ObjectNode changed = manifest(edit);

    List<String> messages =
        VALIDATOR.validateUpdate(old, changed).stream().map(Violation::toString).toList();

    assertThat(messages).contains(expected);
  }

  @Test
  void runPolicyStaysChangeable() {
    ObjectNode old = base();
    ObjectNode changed =
        manifest(
            set("spec.runPolicy.suspend", "true"),
            set("spec.runPolicy.backoffLimit", "5"),
            set("spec.runPolicy.activeDeadlineSeconds", "7200"));

    assertThat(VALIDATOR.validateUpdate(old, changed)).isEmpty();
  }

  @Test
  void transitionRulesDoNotRunOnCreate() {
    assertThat(VALIDATOR.validateCreate(manifest(set("spec.model", "{architecture: lenet}"))))
        .isEmpty();
  }

  @Test
  void everyRuleHasAMessageAndARuleAcrossFieldsNamesItsField() {
    for (CrdValidator.RuleInfo rule : VALIDATOR.rules()) {
      assertThat(rule.message()).as(rule.rule()).isNotBlank();
      // A rule that reads a field of self (not a method of self) is about a field in it.
      boolean acrossFields =
          java.util.regex.Pattern.compile("self\\.[A-Za-z]+\\b(?!\\()").matcher(rule.rule()).find()
              && !rule.rule().contains("oldSelf");
      if (acrossFields) {
        assertThat(rule.fieldPath())
            .as("fieldPath of %s at %s", rule.rule(), rule.path())
            .isNotBlank();
      }
    }
  }

  @Test
  void everyRuleOfTheCrdIsExercisedByAnInvalidCase() {
    // A rule no invalid manifest breaks is a rule nobody has seen work.
    List<String> messages =
        invalid()
            .flatMap(a -> VALIDATOR.validateCreate((JsonNode) a.get()[1]).stream())
            .map(Violation::message)
            .toList();
    List<String> transitionMessages =
        updates()
            .flatMap(
                a ->
                    VALIDATOR
                        .validateUpdate(base(), manifest((Consumer<ObjectNode>) a.get()[1]))
                        .stream())
            .map(Violation::message)
            .toList();
    for (CrdValidator.RuleInfo rule : VALIDATOR.rules()) {
      String message = rule.message();
      assertThat(
              messages.stream().anyMatch(m -> m.endsWith(message))
                  || transitionMessages.stream().anyMatch(m -> m.endsWith(message)))
          .as("no case breaks %s: %s", rule.path(), rule.rule())
          .isTrue();
    }
  }

  @Test
  void defaultsAreAppliedBeforeTheRules() {
    JsonNode defaulted =
        VALIDATOR.withDefaults(
            yaml(
                """
                apiVersion: plateau.dev/v1alpha1
                kind: TrainingRun
                metadata: {name: minimal}
                spec:
                  model: {architecture: mlp}
                  dataset: {format: idx, claimName: datasets, path: fashion-mnist}
                  checkpoints: {size: 1Gi}
                """));

    assertThat(defaulted.at("/spec/earlyStopping/monitor").asText()).isEqualTo("val_loss");
    assertThat(defaulted.at("/spec/earlyStopping/patience").asInt()).isEqualTo(5);
    assertThat(defaulted.at("/spec/training/maxEpochs").asInt()).isEqualTo(50);
    assertThat(defaulted.at("/spec/checkpoints/retain").asBoolean()).isTrue();
    assertThat(defaulted.at("/spec/runPolicy/backoffLimit").asInt()).isEqualTo(3);
    assertThat(defaulted.at("/spec/earlyStopping/mode").isMissingNode()).isTrue();
  }
}
