package dev.annals.system.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Unpacks an image tar and runs it ({@link ImageProcess}) until closed. */
public final class ImageRunner {

    /** A running image: what it is and the process that runs it. */
    public record Running(UnpackedImage image, ImageProcess process) implements AutoCloseable {

        /**
         * The user id the image's entrypoint runs as: the real uid of the runner's process once it is the
         * entrypoint ({@code java}), or of the first {@code java} process under it, as this machine's /proc shows.
         */
        public int processUser() throws IOException {
            Deque<Long> pending = new ArrayDeque<>();
            pending.add(process.pid());
            while (!pending.isEmpty()) {
                long pid = pending.poll();
                Path proc = Path.of("/proc", Long.toString(pid));
                if (Files.readString(proc.resolve("comm")).strip().equals("java")) {
                    for (String line : Files.readAllLines(proc.resolve("status"))) {
                        if (line.startsWith("Uid:")) {
                            return Integer.parseInt(line.split("\\s+")[1]);
                        }
                    }
                }
                try (var tasks = Files.list(proc.resolve("task"))) {
                    for (Path task : tasks.toList()) {
                        for (String child : Files.readString(task.resolve("children")).trim().split("\\s+")) {
                            if (!child.isEmpty()) {
                                pending.add(Long.parseLong(child));
                            }
                        }
                    }
                }
            }
            throw new IllegalStateException("no java process runs under " + process.pid());
        }

        @Override
        public void close() {
            process.close();
        }
    }

    private ImageRunner() {
    }

    public static Running run(String name, Path imageTar, Path workDirectory, Map<String, String> environment,
                              String managementUrl, Duration startTimeout) {
        try {
            UnpackedImage image = UnpackedImage.of(imageTar, workDirectory);
            ImageProcess process = new ImageProcess(name, image, environment, managementUrl, startTimeout);
            try {
                process.start();
            } catch (RuntimeException e) {
                process.close();
                throw e;
            }
            return new Running(image, process);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The environment variable MicroProfile Config reads for property {@code key} (quarkus.a-b → QUARKUS_A_B). */
    public static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /**
     * Configuration as a container gets it, environment variables (quarkus.datasource.url as
     * QUARKUS_DATASOURCE_URL); a public key given by file location is given inline instead, since the file is not
     * inside the image's root.
     */
    public static Map<String, String> asEnvironment(Map<String, String> config) {
        Map<String, String> environment = new LinkedHashMap<>();
        config.forEach((key, value) -> {
            if (key.equals("mp.jwt.verify.publickey.location")) {
                try {
                    environment.put("MP_JWT_VERIFY_PUBLICKEY", Files.readString(Path.of(java.net.URI.create(value))));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else {
                environment.put(environmentName(key), value);
            }
        });
        return environment;
    }
}
