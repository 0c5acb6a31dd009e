package dev.annals.devstack.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The grants of the three database roles, from the repository's one list ({@code security/database-grants.sql},
 * packaged with devstack): what DatabaseSetup runs here and the CloudNativePG Cluster of {@code deploy/} runs in
 * a cluster.
 */
public final class DatabaseGrants {

    static final String RESOURCE = "database-grants.sql";

    private DatabaseGrants() {
    }

    /** The statements, in order, without their semicolons and without comments. */
    public static List<String> statements() {
        try (InputStream in = DatabaseGrants.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not packaged with devstack");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    static List<String> parse(String file) {
        return file.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("--"))
                .map(line -> {
                    if (!line.endsWith(";")) {
                        throw new IllegalStateException(RESOURCE + ": a statement per line, ending with ';': " + line);
                    }
                    return line.substring(0, line.length() - 1).strip();
                }).toList();
    }
}
