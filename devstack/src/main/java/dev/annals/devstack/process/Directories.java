package dev.annals.devstack.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removing the temporary directories devstack creates. */
public final class Directories {

    private static final System.Logger LOG = System.getLogger(Directories.class.getName());

    private Directories() {
    }

    /** Deletes a directory tree; what cannot be deleted is logged and left. */
    public static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not delete {0}: {1}", directory, e.getMessage());
        }
    }
}
