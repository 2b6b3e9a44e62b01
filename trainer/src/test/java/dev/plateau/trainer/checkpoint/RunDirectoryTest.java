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
  void aReusedNameMovesTheOldRunAsideUnderItsStartTimeAndSaysSo() throws Exception {
    Path dir = RunDirectory.open(root, "r", "0b5c9e7a-1111", "ns", s -> {});
    Files.writeString(
        dir.resolve("run.json"),
        "{\"runName\":\"r\",\"runUid\":\"0b5c9e7a-1111\",\"createdAt\":\"2026-11-30T14:15:03Z\"}");
    Files.writeString(dir.resolve("result.json"), "{}");
    List<String> said = new ArrayList<>();

    Path fresh = RunDirectory.open(root, "r", "uid-2", "ns", said::add);

    assertThat(fresh).isEqualTo(dir);
    assertThat(fresh.resolve("result.json")).doesNotExist();
    assertThat(root.resolve("r.20261130-141503/result.json")).hasContent("{}");
    assertThat(said)
        .singleElement()
        .asString()
        .contains("held a finished run")
        .contains("moved it to")
        .endsWith("r.20261130-141503");
    assertThat(RunDirectory.readManifest(fresh).orElseThrow().runUid()).isEqualTo("uid-2");
  }

  @Test
  void aFolderWithoutManifestIsNotAdoptedEither() throws Exception {
    Files.createDirectories(root.resolve("r"));
    Files.writeString(root.resolve("r/something"), "x");

    RunDirectory.open(root, "r", "uid-3", "ns", s -> {});

    try (var list = Files.list(root)) {
      assertThat(list.map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.matches("r\\.\\d{8}-\\d{6}"));
    }
  }

  @Test
  void aStartThatFailedBeforeItsFirstCheckpointLeavesNothingToSetAside() throws Exception {
    RunDirectory.open(root, "r", "uid-failed", "ns", s -> {});
    List<String> said = new ArrayList<>();

    RunDirectory.open(root, "r", "uid-next", "ns", said::add);

    assertThat(said).isEmpty();
    try (var list = Files.list(root)) {
      assertThat(list.map(p -> p.getFileName().toString())).containsExactly("r");
    }
  }
}
