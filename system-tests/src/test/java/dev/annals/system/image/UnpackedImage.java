package dev.annals.system.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An image tar (docker-save format, as Jib's buildTar writes it) unpacked: its layers applied in order to one root
 * directory, and what its configuration says to run there.
 *
 * @param root        the file system the layers make
 * @param entrypoint  the image's Entrypoint and Cmd
 * @param workingDirectory its WorkingDir
 * @param user        its User
 * @param environment its Env
 */
public record UnpackedImage(Path root, List<String> entrypoint, String workingDirectory, String user,
                     Map<String, String> environment) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static UnpackedImage of(Path imageTar, Path into) throws IOException, InterruptedException {
        Path archive = into.resolve("archive");
        Path root = into.resolve("root");
        Files.createDirectories(archive);
        Files.createDirectories(root);
        tar(archive, "-xf", imageTar.toString());
        JsonNode manifest = JSON.readTree(archive.resolve("manifest.json").toFile()).get(0);
        for (JsonNode layer : manifest.path("Layers")) {
            // Jib's layers are gzipped tars; GNU tar finds that out itself
            tar(root, "-xf", archive.resolve(layer.asText()).toString());
        }
        JsonNode config = JSON.readTree(archive.resolve(manifest.path("Config").asText()).toFile()).path("config");
        List<String> entrypoint = new ArrayList<>();
        config.path("Entrypoint").forEach(arg -> entrypoint.add(arg.asText()));
        config.path("Cmd").forEach(arg -> entrypoint.add(arg.asText()));
        Map<String, String> environment = new LinkedHashMap<>();
        config.path("Env").forEach(pair -> {
            String[] parts = pair.asText().split("=", 2);
            environment.put(parts[0], parts.length > 1 ? parts[1] : "");
        });
        return new UnpackedImage(root, List.copyOf(entrypoint), config.path("WorkingDir").asText("/"),
                config.path("User").asText(""), environment);
    }

    private static void tar(Path directory, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tar", "-C", directory.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }
}
