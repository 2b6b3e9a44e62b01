package dev.plateau.trainer;

import dev.plateau.api.contract.TrainerPaths;
import dev.plateau.api.v1alpha1.DatasetSpec;
import dev.plateau.api.v1alpha1.TorchScriptModel;
import dev.plateau.trainer.data.download.DownloadCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a dataset's files are: a folder under the data root, or verified downloads. */
final class DataLocation {

  private DataLocation() {}

  /**
   * @param dataRoot where claims are mounted (a pod) or the local data root
   * @param cacheParent the folder holding the download cache (the checkpoint root)
   * @param hint what to tell a user whose folder is missing
   */
  static Path resolve(DatasetSpec spec, Path dataRoot, Path cacheParent, String hint)
      throws IOException {
    if (spec.getFiles() != null && !spec.getFiles().isEmpty()) {
      return new DownloadCache(cacheParent.resolve(TrainerPaths.DOWNLOAD_CACHE_DIR))
          .materialize(spec.getFiles());
    }
    Path dir = dataRoot.resolve(stripLeadingSlash(spec.getPath())).normalize();
    if (!Files.exists(dir)) {
      throw new InvalidInputException("dataset folder " + dir + " does not exist" + hint);
    }
    return dir;
  }

  /**
   * The TorchScript file of a model: under the model root (a claim's mount in a pod, the data root
   * locally) or a verified download; null for a built-in architecture.
   */
  static Path model(TorchScriptModel spec, Path modelRoot, Path cacheParent, String hint)
      throws IOException {
    if (spec == null) {
      return null;
    }
    if (spec.getUrl() != null) {
      return new DownloadCache(cacheParent.resolve(TrainerPaths.DOWNLOAD_CACHE_DIR))
          .materialize(java.util.List.of(spec.download()))
          .resolve(spec.fileName());
    }
    Path file = modelRoot.resolve(stripLeadingSlash(spec.getPath())).normalize();
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException("model.torchscript file " + file + " does not exist" + hint);
    }
    return file;
  }

  /** The data folder of a local command, with what a user of --data-root needs to hear. */
  static Path local(DatasetSpec spec, Path dataRoot, Path runsDir) throws IOException {
    return resolve(spec, dataRoot, runsDir, localHint(dataRoot));
  }

  /** The TorchScript file of a local command; null for a built-in architecture. */
  static Path localModel(TorchScriptModel spec, Path dataRoot, Path runsDir) throws IOException {
    return model(
        spec,
        dataRoot,
        runsDir,
        ": model.torchscript.path is resolved against the data root (now "
            + dataRoot
            + "); pass --data-root DIR");
  }

  /** What to tell a local user whose dataset folder is missing. */
  private static String localHint(Path root) {
    if (Files.exists(root.resolve("train-images-idx3-ubyte.gz"))
        || Files.exists(root.resolve("train-images-idx3-ubyte"))) {
      return ": --data-root names the folder that holds the dataset's folder, and "
          + root
          + " is the dataset's folder itself: pass --data-root "
          + root.toAbsolutePath().getParent();
    }
    return ": for Fashion-MNIST install Debian's dataset-fashion-mnist package (sudo apt-get"
        + " install dataset-fashion-mnist), or put the upstream files in DIR/fashion-mnist and"
        + " pass --data-root DIR (now "
        + root
        + ")";
  }

  private static String stripLeadingSlash(String path) {
    return path == null ? "" : path.replaceFirst("^/+", "");
  }
}
