package dev.annals.deploy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The overlays as {@code kubectl kustomize} renders them, from a copy of {@code deploy/} whose secrets
 * {@code deploy/generate-secrets} has just made, as a user's would be: the objects {@code kubectl apply -k} sends.
 */
public final class RenderedOverlays {

    /** This module's directory, {@code deploy/}, when its own tests run (Surefire runs them in it). */
    static final Path DEPLOY = Path.of("").toAbsolutePath();

    /**
     * Every overlay, production with every component, and dev with the component of a service generated from the
     * archetype (annals-archetype, as {@code archetype:generate} writes it for {@code account-insights}, added
     * the way docs/consumer-services.md says): each must pass the same checks.
     */
    public static final List<String> OVERLAYS = List.of("overlays/dev", "overlays/production", "production+components",
            "dev+archetype");

    /** The archetype's deploy/ template, beside this module, and what it is generated for in dev+archetype. */
    private static final String ARCHETYPE_DEPLOY = "annals-archetype/src/main/resources/archetype-resources/deploy";
    private static final Map<String, String> GENERATED_FOR = Map.of("${artifactId}", "account-insights",
            "${database}", "account_insights");

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() { };

    private RenderedOverlays() {
    }

    /** The objects {@code overlay} (a directory under deploy/, or {@code production+components}) renders to. */
    static List<Map<String, Object>> render(String overlay) {
        return render(DEPLOY, overlay);
    }

    /** The same from the {@code deploy/} directory {@code deploy}. */
    public static List<Map<String, Object>> render(Path deploy, String overlay) {
        return render(deploy, overlay, Map.of());
    }

    /**
     * The same after writing {@code files} (a path under deploy/ and its new text) into the copy, as a user edits
     * their copy of deploy/ for their cluster (an overlay's cluster-addresses.yaml, say).
     */
    public static List<Map<String, Object>> render(Path deploy, String overlay, Map<String, String> files) {
        try {
            Path copy = copyOfDeploy(deploy);
            for (Map.Entry<String, String> file : files.entrySet()) {
                Files.writeString(copy.resolve(file.getKey()), file.getValue());
            }
            Path directory = copy.resolve(overlay);
            if (overlay.equals("production+components")) {
                writeKustomization(directory, """
                        apiVersion: kustomize.config.k8s.io/v1beta1
                        kind: Kustomization
                        namespace: annals
                        resources:
                          - ../overlays/production
                        components:
                          - ../components/monitoring
                          - ../components/ingress
                        """);
            }
            if (overlay.equals("dev+archetype")) {
                generateArchetypeComponent(deploy.toAbsolutePath().getParent().resolve(ARCHETYPE_DEPLOY),
                        copy.resolve("account-insights"));
                writeKustomization(directory, """
                        apiVersion: kustomize.config.k8s.io/v1beta1
                        kind: Kustomization
                        namespace: annals
                        resources:
                          - ../overlays/dev
                        components:
                          - ../account-insights
                          - ../account-insights/one-broker
                        """);
            }
            return parse(run(copy, List.of(SystemTools.require("kubectl"), "kustomize", directory.toString())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Map<String, Object>> parse(String yaml) throws IOException {
        List<Map<String, Object>> objects = new ArrayList<>();
        try (MappingIterator<Map<String, Object>> documents = YAML.readerFor(OBJECT).readValues(yaml)) {
            while (documents.hasNext()) {
                Map<String, Object> object = documents.next();
                if (object != null && !object.isEmpty()) {
                    objects.add(object);
                }
            }
        }
        return objects;
    }

    private static Path copyOfDeploy(Path deploy) throws IOException {
        Path copy = Files.createTempDirectory("annals-deploy-");
        for (String part : List.of("base", "overlays", "components")) {
            copyTree(deploy.resolve(part), copy.resolve(part));
        }
        // the user's own secrets never reach the copy: it gets fresh ones, made the way the docs say
        try (Stream<Path> old = Files.walk(copy)) {
            for (Path file : old.filter(file -> file.getParent().getFileName().toString().equals("secrets")
                    && file.toString().endsWith(".env")).toList()) {
                Files.delete(file);
            }
        }
        run(copy, List.of("bash", deploy.resolve("generate-secrets").toString(), copy.toString()));
        return copy;
    }

    private static void writeKustomization(Path directory, String kustomization) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("kustomization.yaml"), kustomization);
    }

    /** The archetype's component as archetype:generate writes it, and its secret as its generate-secret does. */
    private static void generateArchetypeComponent(Path template, Path to) throws IOException {
        copyTree(template, to);
        try (Stream<Path> files = Files.walk(to)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(file);
                for (Map.Entry<String, String> property : GENERATED_FOR.entrySet()) {
                    text = text.replace(property.getKey(), property.getValue());
                }
                Files.writeString(file, text);
            }
        }
        run(to, List.of("bash", to.resolve("generate-secret").toString()));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    static String run(Path directory, List<String> command) {
        return run(directory, command, null);
    }

    /** Runs {@code command} in {@code directory}, with {@code input} on its standard input; its output, or fails. */
    static String run(Path directory, List<String> command, String input) {
        try {
            Path output = Files.createTempFile("annals-deploy-", ".out");
            Path errors = Files.createTempFile("annals-deploy-", ".err");
            Process process = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectOutput(output.toFile()).redirectError(errors.toFile()).start();
            if (input != null) {
                try (var in = process.getOutputStream()) {
                    in.write(input.getBytes(StandardCharsets.UTF_8));
                }
            } else {
                process.getOutputStream().close();
            }
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 5 minutes");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue()
                        + "): " + Files.readString(errors));
            }
            return Files.readString(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
