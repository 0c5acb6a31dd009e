package dev.annals.deploy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** The system tools the manifest checks run: found on the PATH, or a failure that names the missing one. */
public final class SystemTools {

    private SystemTools() {
    }

    public static String require(String tool) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(directory, tool);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException("the manifest checks need " + tool + " on the PATH, and there is none: "
                + switch (tool) {
                    case "kubectl" -> "install kubectl 1.27 or newer (its kustomize renders the overlays)";
                    case "node", "npm" -> "install Node.js 20 or newer (deploy/check validates with it)";
                    default -> "install it";
                });
    }
}
