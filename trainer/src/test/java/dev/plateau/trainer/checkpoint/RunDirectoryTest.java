package dev.plateau.trainer.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {

  @TempDir Path root;

  @Test
  void theSameRunGetsItsFolderBack() throws Exception {
    Path dir = RunDirectory.open(root, "r", "uid-1", "ns", s -> {});
    Files.writeString(dir.resolve("marker"), "mine");

    Path again = RunDirectory.open(root, "r", "uid-1", "ns", s -> {});

    assertThat(again).isEqualTo(dir);
    assertThat(again.resolve("marker")).hasContent("mine");
    assertThat(RunDirectory.readManifest(dir).orElseThrow().runUid()).isEqualTo("uid-1");
  }

  @Test
  void aReusedNameMovesTheOldRunAsideAndSaysSo() throws Exception {
    Path dir = RunDirectory.open(root, "r", "0b5c9e7a-1111", "ns", s -> {});
    Files.writeString(dir.resolve("marker"), "old");
    List<String> said = new ArrayList<>();

    Path fresh = RunDirectory.open(root, "r", "uid-2", "ns", said::add);

    assertThat(fresh).isEqualTo(dir);
    assertThat(fresh.resolve("marker")).doesNotExist();
    assertThat(root.resolve("r.0b5c9e7a/marker")).hasContent("old");
    assertThat(said).singleElement().asString().contains("moved them to").contains("r.0b5c9e7a");
    assertThat(RunDirectory.readManifest(fresh).orElseThrow().runUid()).isEqualTo("uid-2");
  }

  @Test
  void aFolderWithoutManifestIsNotAdoptedEither() throws Exception {
    Files.createDirectories(root.resolve("r"));
    Files.writeString(root.resolve("r/something"), "x");

    RunDirectory.open(root, "r", "uid-3", "ns", s -> {});

    assertThat(root.resolve("r.unknown/something")).exists();
  }
}
