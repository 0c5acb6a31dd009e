package dev.annals.deploy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The schemas of the Kubernetes API, CloudNativePG's and Prometheus Operator's CRDs, as {@code deploy/check}
 * (Node.js, the versions its package-lock.json pins, installed on first use with {@code npm ci}) checks them,
 * strictly: a field the schema does not have is an error too.
 */
final class KubernetesSchemas {

    /** One object's result: {@code validated} false for an object of an API group the check does not answer for. */
    record Result(String kind, String name, boolean validated, List<String> errors) {
    }

    private static final Path CHECK = RenderedOverlays.DEPLOY.resolve("check");
    private static final ObjectMapper JSON = new ObjectMapper();

    private KubernetesSchemas() {
    }

    static List<Result> validate(List<Map<String, Object>> objects) {
        installed();
        try {
            String results = RenderedOverlays.run(CHECK, List.of(SystemTools.require("node"), "validate.mjs"),
                    JSON.writeValueAsString(objects));
            return JSON.readValue(results, new TypeReference<>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized void installed() {
        if (!Files.isDirectory(CHECK.resolve("node_modules/kubernetes-models"))) {
            RenderedOverlays.run(CHECK, List.of(SystemTools.require("npm"), "ci", "--no-audit", "--no-fund",
                    "--loglevel=error"));
        }
    }
}
