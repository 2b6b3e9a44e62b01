package dev.plateau.helm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plateau.api.contract.TrainerPaths;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The images Jib builds (-Pimages), checked from the poms without building them: the uid the pods
 * run as, the entrypoints the Job and the chart expect, DJL offline and writing only under /tmp,
 * libtorch unpacked where PYTORCH_LIBRARY_PATH points, and Linux libtorch on any build machine.
 * images/run-from-image.sh runs the built trainer image for real.
 */
class JibImagesTest {

  static Document pom(String path) throws Exception {
    var factory = DocumentBuilderFactory.newInstance();
    return factory
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(Repo.read(path).getBytes(StandardCharsets.UTF_8)));
  }

  /** The images profile of a module's pom. */
  static Element imagesProfile(Document pom) {
    NodeList profiles = pom.getElementsByTagName("profile");
    for (int i = 0; i < profiles.getLength(); i++) {
      Element profile = (Element) profiles.item(i);
      if ("images".equals(text(profile, "id"))) {
        return profile;
      }
    }
    throw new AssertionError("no images profile");
  }

  static String text(Element parent, String tag) {
    NodeList nodes = parent.getElementsByTagName(tag);
    return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
  }

  static List<String> texts(Element parent, String tag) {
    List<String> values = new ArrayList<>();
    NodeList nodes = parent.getElementsByTagName(tag);
    for (int i = 0; i < nodes.getLength(); i++) {
      values.add(nodes.item(i).getTextContent().trim());
    }
    return values;
  }

  static Map<String, String> environment(Element profile) {
    Map<String, String> env = new LinkedHashMap<>();
    Element environment = (Element) profile.getElementsByTagName("environment").item(0);
    for (Node n = environment.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        env.put(e.getTagName(), e.getTextContent().trim());
      }
    }
    return env;
  }

  @Test
  void bothImagesRunAsTheUidOfThePodsAndTheChart() throws Exception {
    Element jib = (Element) pom("pom.xml").getElementsByTagName("plugin").item(0);
    assertThat(text(jib, "artifactId")).isEqualTo("jib-maven-plugin");
    assertThat(text(jib, "user")).isEqualTo("1000:1000");
    assertThat(
            Repo.read(
                "operator/src/main/java/dev/plateau/operator/dependent/TrainerPodTemplate.java"))
        .contains("public static final long USER = 1000L;");
    assertThat(Repo.read("helm/plateau/values.yaml")).contains("runAsUser: 1000");
    assertThat(text(imagesProfile(pom("operator/pom.xml")), "image.operator"))
        .isEqualTo("${image.registry}plateau-operator:${project.version}");
    assertThat(text(imagesProfile(pom("trainer/pom.xml")), "image.trainer"))
        .isEqualTo("${image.registry}plateau-trainer:${project.version}");
  }

  @Test
  void theTrainerImageRunsThePlateauCommandOfflineAndWritesOnlyUnderTmp() throws Exception {
    Element profile = imagesProfile(pom("trainer/pom.xml"));
    assertThat(text(profile, "mainClass")).isEqualTo("dev.plateau.trainer.PlateauCli");
    assertThat(Repo.read("trainer/pom.xml"))
        .contains("<mainClass>dev.plateau.trainer.PlateauCli</mainClass>");
    assertThat(texts(profile, "jvmFlag")).contains("-Dai.djl.offline=true");
    Map<String, String> env = environment(profile);
    assertThat(env).containsEntry("OPT_OUT_TRACKING", "true");
    assertThat(env).containsEntry("DJL_CACHE_DIR", TrainerPaths.TMP + "/djl");
    assertThat(env.get("HOME")).startsWith(TrainerPaths.TMP);
    // The Job gives the arguments: train --config /etc/plateau/config.json.
    assertThat(Repo.read("trainer/src/main/java/dev/plateau/trainer/TrainCommand.java"))
        .contains("name = \"train\"");
  }

  @Test
  void libtorchIsUnpackedWherePytorchLibraryPathPointsForLinuxOnAnyBuildMachine() throws Exception {
    Element profile = imagesProfile(pom("trainer/pom.xml"));
    Map<String, String> env = environment(profile);
    String output = text(profile, "outputDirectory");
    String includes = text(profile, "includes");
    assertThat(output).isEqualTo("${project.build.directory}/image-extra/opt/libtorch");
    assertThat(includes).isEqualTo("pytorch/cpu/linux-x86_64/*");
    assertThat(env.get("PYTORCH_LIBRARY_PATH"))
        .isEqualTo("/opt/libtorch/" + includes.substring(0, includes.length() - 2));
    assertThat(texts(profile, "path")).contains("${project.build.directory}/image-extra");
    assertThat(env).containsEntry("PYTORCH_VERSION", "${pytorch.version}");
    assertThat(env).containsEntry("PYTORCH_FLAVOR", "cpu");
    // The jar DJL would unpack at every start stays out of the image.
    assertThat(texts(profile, "glob")).containsExactly("/app/libs/pytorch-native-cpu-*.jar");
    // Declared after macos-arm64, its Linux classifier wins on a Mac too.
    String pom = Repo.read("trainer/pom.xml");
    assertThat(pom.indexOf("<id>images</id>")).isGreaterThan(pom.indexOf("<id>macos-arm64</id>"));
    assertThat(text(profile, "pytorch.native.classifier")).isEqualTo("linux-x86_64");
  }

  @Test
  void theOperatorImageRunsTheOperatorsMainWithItsHeapShare() throws Exception {
    Element profile = imagesProfile(pom("operator/pom.xml"));
    assertThat(text(profile, "mainClass")).isEqualTo("${operator.main.class}");
    assertThat(Repo.read("operator/pom.xml"))
        .contains(
            "<operator.main.class>dev.plateau.operator.PlateauOperator</operator.main.class>");
    assertThat(texts(profile, "jvmFlag")).contains("-XX:MaxRAMPercentage=75");
  }
}
