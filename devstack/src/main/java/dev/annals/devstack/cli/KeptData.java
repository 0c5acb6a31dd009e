package dev.annals.devstack.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The data `up` keeps across runs, and how `--reset` deletes it. */
final class KeptData {

    /** What devstack writes in a data directory; --reset deletes nothing else, so a mistyped --data-dir is safe. */
    private static final Set<String> DEVSTACK_ENTRIES = Set.of("kafka", "postgres", "demo-data-sent");

    private KeptData() {
    }

    static void delete(Path directory, PrintStream out) {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            List<String> foreign = entries.map(entry -> entry.getFileName().toString())
                    .filter(name -> !DEVSTACK_ENTRIES.contains(name)).sorted().toList();
            if (!foreign.isEmpty()) {
                throw new IllegalStateException("--reset: " + directory + " holds " + foreign
                        + ", which devstack did not write; delete it yourself if it is really devstack's");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + directory, e);
        }
        out.println("Deleting the kept data in " + directory + "...");
        try (Stream<Path> tree = Files.walk(directory)) {
            for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory, e);
        }
    }
}
