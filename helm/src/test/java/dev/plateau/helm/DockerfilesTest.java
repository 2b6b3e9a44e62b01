package dev.plateau.helm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plateau.api.contract.TrainerPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The images, checked without a Docker engine: non-root numeric users, entrypoints that run the
 * jars the modules build, the trainer's command line as the operator's Job completes it, and the
 * CUDA image's libtorch where DJL will look for it.
 */
class DockerfilesTest {

  static final String TRAINER_GPU = "trainer/Dockerfile";
  static final String FOREIGN = "examples/foreign-trainer/Dockerfile";

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {TRAINER_GPU, FOREIGN})
  void runsAsANumericNonRootUser(String file) {
    String user = Dockerfile.read(file).image().last("USER").arguments().trim();
    assertThat(user).as("USER of %s", file).matches("\\d+(:\\d+)?");
    assertThat(Long.parseLong(user.split(":")[0])).as("uid of %s", file).isPositive();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {TRAINER_GPU})
  void theTrainerImageRunsTheJarTheTrainerModuleBuilds(String file) {
    String pom = Repo.read("trainer/pom.xml");
    assertThat(pom)
        .contains("<finalName>plateau-trainer</finalName>")
        .contains("<classpathPrefix>lib/</classpathPrefix>");
    assertRunsJarWithLibNextToIt(
        Dockerfile.read(file).image(), "trainer/target/plateau-trainer.jar", "trainer/target/lib/");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {TRAINER_GPU})
  void theEntrypointAndTheJobsArgumentsMakePlateauTrain(String file) {
    Dockerfile.Stage image = Dockerfile.read(file).image();
    List<String> command = new ArrayList<>(image.entrypoint());
    command.addAll(trainerJobArgs());
    // java [options] -jar plateau-trainer.jar is the plateau command (see ./plateau).
    int jar = command.indexOf("-jar");
    assertThat(command.get(0)).isEqualTo("java");
    assertThat(Path.of(command.get(jar + 1)).getFileName()).hasToString("plateau-trainer.jar");
    List<String> plateau = new ArrayList<>(List.of("plateau"));
    plateau.addAll(command.subList(jar + 2, command.size()));
    assertThat(String.join(" ", plateau))
        .isEqualTo("plateau train --config " + TrainerPaths.CONFIG_FILE)
        .isEqualTo("plateau train --config /etc/plateau/config.json");
    assertThat(Repo.read("trainer/src/main/java/dev/plateau/trainer/TrainCommand.java"))
        .contains("name = \"train\"")
        .contains("names = \"--config\"");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {TRAINER_GPU})
  void djlStaysOfflineAndWritesOnlyUnderTmp(String file) {
    Dockerfile.Stage image = Dockerfile.read(file).image();
    assertThat(image.entrypoint()).contains("-Dai.djl.offline=true");
    Map<String, String> env = image.env();
    assertThat(env).containsEntry("OPT_OUT_TRACKING", "true");
    // The pod's only writable path is the /tmp emptyDir; TrainerPodTemplate sets the same.
    assertThat(env).containsEntry("DJL_CACHE_DIR", TrainerPaths.TMP + "/djl");
    assertThat(env.get("HOME")).startsWith(TrainerPaths.TMP);
  }

  @Test
  void theCudaImageLeavesTheBuildMachinesCpuLibtorchOut() {
    // On a Mac, trainer/target/lib holds the macOS libtorch: it must not reach a Linux image.
    assertThat(Repo.read(".dockerignore").lines())
        .contains("!trainer/target/lib")
        .contains("trainer/target/lib/pytorch-native-cpu-*");
  }

  @Test
  void theCudaImageShipsLibtorchWherePytorchLibraryPathPoints() {
    Dockerfile dockerfile = Dockerfile.read(TRAINER_GPU);
    Map<String, String> env = dockerfile.image().env();
    String libraryPath = env.get("PYTORCH_LIBRARY_PATH");
    assertThat(libraryPath).isEqualTo("/opt/libtorch/lib");
    assertThat(dockerfile.image().copies())
        .anySatisfy(
            copy -> {
              assertThat(copy.fromStage()).isEqualTo("libtorch");
              assertThat(copy.sources()).containsExactly(libraryPath);
              assertThat(copy.destination()).isEqualTo(libraryPath);
            });
    // The libtorch stage fetches the zip, checks it and unpacks its libtorch/ folder into /opt.
    String fetch = dockerfile.stage("libtorch").last("RUN").arguments();
    assertThat(fetch).contains("sha256sum -c").contains("unzip").contains("-d /opt");
    assertThat(Path.of(libraryPath).getParent()).isEqualTo(Path.of("/opt/libtorch"));
  }

  @Test
  void theCudaImagesLibtorchMatchesTheJniDjlCarries() throws IOException {
    Map<String, String> env = Dockerfile.read(TRAINER_GPU).image().env();
    Map<String, String> args = Dockerfile.argDefaults(TRAINER_GPU);
    String version = env.get("PYTORCH_VERSION");
    String flavor = env.get("PYTORCH_FLAVOR");
    assertThat(version).isEqualTo(Repo.pytorchVersion());
    assertThat(flavor).matches("cu\\d{3}");
    assertThat(args.get("LIBTORCH_URL"))
        .endsWith(
            "/"
                + flavor
                + "/libtorch-cxx11-abi-shared-with-deps-"
                + version
                + "%2B"
                + flavor
                + ".zip");
    assertThat(args.get("LIBTORCH_SHA256")).matches("[0-9a-f]{64}");
    // cu128 runs on the CUDA 12.8 runtime.
    String cuda = flavor.substring(2, 4) + "." + flavor.substring(4);
    assertThat(args.get("CUDA_IMAGE")).startsWith("nvidia/cuda:" + cuda + ".");

    // DJL takes the JNI glue for that flavour from the pytorch-jni jar in lib/ (LibUtils):
    // jnilib/<os-arch>/<flavor>/libdjl_torch.so, if the jar's jni_version is <pytorch>-<djl>.
    Path jni =
        Path.of(
            "target/djl-jni/pytorch-jni-"
                + Repo.pytorchVersion()
                + "-"
                + Repo.djlVersion()
                + ".jar");
    try (ZipFile jar = new ZipFile(jni.toFile())) {
      assertThat(jar.getEntry("jnilib/linux-x86_64/" + flavor + "/libdjl_torch.so"))
          .as("the JNI for %s in %s", flavor, jni)
          .isNotNull();
      Properties properties = new Properties();
      properties.load(
          new java.io.InputStreamReader(
              jar.getInputStream(jar.getEntry("jnilib/pytorch.properties")),
              StandardCharsets.UTF_8));
      assertThat(properties.getProperty("jni_version"))
          .startsWith(version + "-" + Repo.djlVersion());
    }
  }

  @Test
  void theForeignTrainerAcceptsTheJobsArguments() {
    Dockerfile.Stage image = Dockerfile.read(FOREIGN).image();
    assertThat(image.from()).startsWith("pytorch/pytorch:");
    List<String> entrypoint = image.entrypoint();
    assertThat(entrypoint.get(entrypoint.size() - 1)).endsWith("/train.py");
    assertThat(image.copies())
        .anySatisfy(copy -> assertThat(copy.sources()).contains("train.py", "plateau_report.py"));
    assertThat(trainerJobArgs()).containsExactly("train", "--config", TrainerPaths.CONFIG_FILE);
  }

  /**
   * The trainer container's arguments as TrainerPodTemplate sets them: {@code .withArgs(...)} with
   * string literals and TrainerPaths constants.
   */
  static List<String> trainerJobArgs() {
    String source =
        Repo.read("operator/src/main/java/dev/plateau/operator/dependent/TrainerPodTemplate.java");
    Matcher call = Pattern.compile("\\.withArgs\\(([^)]*)\\)").matcher(source);
    assertThat(call.find()).as("TrainerPodTemplate sets the container's args").isTrue();
    List<String> args = new ArrayList<>();
    for (String token : call.group(1).split(",")) {
      String t = token.strip();
      if (t.startsWith("\"")) {
        args.add(t.substring(1, t.length() - 1));
      } else if (t.startsWith("TrainerPaths.")) {
        try {
          args.add((String) TrainerPaths.class.getField(t.substring(13)).get(null));
        } catch (ReflectiveOperationException e) {
          throw new AssertionError("unknown constant " + t, e);
        }
      } else {
        throw new AssertionError("cannot read the argument " + t + " of TrainerPodTemplate");
      }
    }
    return args;
  }

  private static void assertRunsJarWithLibNextToIt(
      Dockerfile.Stage image, String builtJar, String builtLib) {
    List<Dockerfile.Copy> copies = image.copies();
    Dockerfile.Copy jarCopy =
        copies.stream()
            .filter(c -> c.sources().contains(builtJar))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no COPY of " + builtJar));
    String jarInImage = jarCopy.destination();
    assertThat(jarInImage).endsWith(".jar");
    Path libInImage = Path.of(jarInImage).getParent().resolve("lib");
    assertThat(copies)
        .anySatisfy(
            c -> {
              assertThat(c.sources()).containsExactly(builtLib);
              assertThat(Path.of(c.destination())).isEqualTo(libInImage);
            });
    List<String> entrypoint = image.entrypoint();
    assertThat(entrypoint.get(0)).isEqualTo("java");
    assertThat(entrypoint.subList(entrypoint.size() - 2, entrypoint.size()))
        .containsExactly("-jar", jarInImage);
  }
}
