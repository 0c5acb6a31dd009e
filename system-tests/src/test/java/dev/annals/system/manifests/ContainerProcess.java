package dev.annals.system.manifests;

import dev.annals.deploy.ManifestFields;
import dev.annals.devstack.process.ChildProcess;
import dev.annals.devstack.process.ChildServer;
import dev.annals.devstack.service.QuarkusService;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static dev.annals.system.manifests.Rendered.configMapData;
import static dev.annals.deploy.ManifestFields.list;
import static dev.annals.deploy.ManifestFields.map;
import static dev.annals.system.manifests.Rendered.ofKind;

/**
 * The container of a Deployment, run as a process the way the kubelet would run it from the service's image:
 * the image's working directory ({@code /app}, where the jar is) is this process's directory; each volume a
 * directory of it, a ConfigMap's or Secret's files written into it; the environment exactly the container's
 * {@code env} and {@code envFrom} and nothing of this JVM's but a PATH; the command {@code java -jar} the built
 * jar with the container's {@code args}. Ready when the container's readiness probe answers 200.
 */
final class ContainerProcess extends ChildServer {

    /**
     * The images' working directory and, below, their entrypoint {@code java -jar /app/quarkus-run.jar} (Jib's
     * configuration in the parent pom.xml; ImageRunsIT checks both on a built image).
     */
    static final String IMAGE_WORKING_DIRECTORY = "/app";

    private final String name;
    private final Path runJar;
    private final Map<String, Object> container;
    private final Map<String, Object> pod;
    private final List<Map<String, Object>> volumeClaims;
    private final List<Map<String, Object>> objects;
    private final Map<String, Map<String, String>> secrets;
    private final UnaryOperator<String> substitute;
    private final Map<String, String> overrides;
    private final Map<String, Path> mounts = new LinkedHashMap<>();
    private volatile ChildProcess childProcess;

    private ContainerProcess(Map<String, Object> deployment, Path runJar, List<Map<String, Object>> objects,
                             Map<String, Map<String, String>> secrets, UnaryOperator<String> substitute,
                             Map<String, String> overrides) {
        super(Optional.empty(), "annals-container-" + ManifestFields.name(deployment) + "-");
        this.name = ManifestFields.name(deployment);
        this.runJar = runJar;
        this.pod = map(map(map(deployment, "spec"), "template"), "spec");
        this.volumeClaims = list(map(deployment, "spec"), "volumeClaimTemplates");
        List<Map<String, Object>> containers = list(pod, "containers");
        if (containers.size() != 1) {
            throw new IllegalStateException(deployment.get("kind") + " " + name + " has " + containers.size() + " containers");
        }
        this.container = containers.get(0);
        this.objects = objects;
        this.secrets = secrets;
        this.substitute = substitute;
        this.overrides = overrides;
    }

    /**
     * Launches the container of {@code deployment} (without waiting for it to be ready), with {@code substitute}
     * applied to every value it is given and, of its environment variables, those named in {@code overrides} set
     * to theirs.
     */
    static ContainerProcess launch(Map<String, Object> deployment, Path runJar, List<Map<String, Object>> objects,
                                   Map<String, Map<String, String>> secrets, UnaryOperator<String> substitute,
                                   Map<String, String> overrides) {
        ContainerProcess process = new ContainerProcess(deployment, runJar, objects, secrets, substitute, overrides);
        try {
            process.startWithoutWaiting();
            return process;
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
    }

    String name() {
        return name;
    }

    Path log() {
        return directory().resolve(name + ".log");
    }

    /** Where the container's port {@code portName} answers on this machine. */
    String url(String portName) {
        for (Map<String, Object> port : list(container, "ports")) {
            if (portName.equals(port.get("name"))) {
                return "http://localhost:" + port.get("containerPort");
            }
        }
        throw new IllegalStateException(name + " has no port named " + portName);
    }

    /** Returns once the container's readiness probe answers 200, or fails with its log's tail. */
    void awaitReady(Duration timeout) {
        Map<String, Object> probe = map(map(container, "readinessProbe"), "httpGet");
        String path = String.valueOf(probe.get("path"));
        if (!path.equals("/q/health/ready")) {
            throw new IllegalStateException(name + "'s readiness probe is " + path + ", which this runner cannot ask");
        }
        QuarkusService.awaitReady(childProcess, name, url(String.valueOf(probe.get("port"))), timeout, log());
    }

    /** Not used: these containers are launched and then awaited with {@link #awaitReady(Duration)}. */
    @Override
    protected void awaitReady(ChildProcess process) {
        awaitReady(Duration.ofMinutes(3));
    }

    @Override
    protected ChildProcess launch() {
        try {
            mountVolumes();
            Map<String, String> environment = new LinkedHashMap<>();
            environment.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            environment.put("HOME", directory().toString());
            for (Map<String, Object> from : list(container, "envFrom")) {
                if (from.containsKey("configMapRef")) {
                    environment.putAll(configMap(String.valueOf(map(from, "configMapRef").get("name"))));
                }
                if (from.containsKey("secretRef")) {
                    environment.putAll(secret(String.valueOf(map(from, "secretRef").get("name"))));
                }
            }
            for (Map<String, Object> env : list(container, "env")) {
                environment.put(String.valueOf(env.get("name")), value(env));
            }
            environment.replaceAll((key, value) -> substitute.apply(onThisMachine(value)));
            overrides.forEach((key, value) -> environment.computeIfPresent(key, (name, old) -> value));
            List<String> command = new ArrayList<>();
            if (container.containsKey("command")) {
                throw new IllegalStateException(name + " overrides the image's entrypoint, which this runner"
                        + " does not know how to follow");
            }
            command.add(ChildProcess.javaOfThisJvm());
            command.add("-jar");
            command.add(runJar.toString());
            Rendered.strings(container, "args").forEach(command::add);
            childProcess = ChildProcess.start(name, command, directory(), log(), Optional.of(environment),
                    ChildProcess.StopRequest.SIGTERM, "TERM", deleteWhenOrphaned());
            return childProcess;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lay out the volumes of " + name, e);
        }
    }

    private String value(Map<String, Object> env) {
        if (env.containsKey("value")) {
            return String.valueOf(env.get("value"));
        }
        Map<String, Object> from = map(env, "valueFrom");
        if (from.containsKey("secretKeyRef")) {
            Map<String, Object> ref = map(from, "secretKeyRef");
            return required(secret(String.valueOf(ref.get("name"))), String.valueOf(ref.get("key")),
                    "Secret " + ref.get("name"));
        }
        if (from.containsKey("configMapKeyRef")) {
            Map<String, Object> ref = map(from, "configMapKeyRef");
            return required(configMap(String.valueOf(ref.get("name"))), String.valueOf(ref.get("key")),
                    "ConfigMap " + ref.get("name"));
        }
        throw new IllegalStateException(name + ": env " + env.get("name") + " has a source this runner lacks");
    }

    private static String required(Map<String, String> data, String key, String what) {
        String value = data.get(key);
        if (value == null) {
            throw new IllegalStateException(what + " has no key " + key);
        }
        return value;
    }

    private Map<String, String> secret(String secretName) {
        Map<String, String> secret = secrets.get(secretName);
        if (secret == null) {
            throw new IllegalStateException(name + " reads Secret " + secretName + ", which neither the overlay"
                    + " nor an operator makes");
        }
        return secret;
    }

    private Map<String, String> configMap(String configMapName) {
        return ofKind(objects, "ConfigMap").stream().filter(map -> configMapName.equals(ManifestFields.name(map)))
                .findFirst().map(Rendered::configMapData)
                .orElseThrow(() -> new IllegalStateException(name + " reads ConfigMap " + configMapName
                        + ", which the overlay does not have"));
    }

    /** Each volume mount as a directory of this process: the working directory's own, or a new one. */
    private void mountVolumes() throws IOException {
        Map<String, Map<String, Object>> volumes = new LinkedHashMap<>();
        list(pod, "volumes").forEach(volume -> volumes.put(String.valueOf(volume.get("name")), volume));
        // a StatefulSet's claims are volumes of its pods too: here, like an emptyDir, a directory of the process
        volumeClaims.forEach(claim -> volumes.put(String.valueOf(map(claim, "metadata").get("name")), Map.of()));
        for (Map<String, Object> mount : list(container, "volumeMounts")) {
            String path = String.valueOf(mount.get("mountPath"));
            Path directory = path.startsWith(IMAGE_WORKING_DIRECTORY + "/")
                    ? directory().resolve(path.substring(IMAGE_WORKING_DIRECTORY.length() + 1))
                    : directory().resolve("volumes").resolve(path.substring(1).replace('/', '_'));
            Files.createDirectories(directory);
            mounts.put(path, directory);
            Map<String, Object> volume = volumes.get(String.valueOf(mount.get("name")));
            if (volume == null) {
                throw new IllegalStateException(name + " mounts volume " + mount.get("name") + ", which it lacks");
            }
            Map<String, String> files = volume.containsKey("configMap")
                    ? configMap(String.valueOf(map(volume, "configMap").get("name")))
                    : volume.containsKey("secret") ? secret(String.valueOf(map(volume, "secret").get("secretName")))
                    : Map.of();
            for (Map.Entry<String, String> file : files.entrySet()) {
                Files.writeString(directory.resolve(file.getKey()), file.getValue().lines()
                        .map(line -> {
                            int equals = line.indexOf('=');
                            return line.startsWith("#") || equals < 0 ? line
                                    : line.substring(0, equals + 1) + onThisMachine(line.substring(equals + 1));
                        })
                        .map(substitute).collect(java.util.stream.Collectors.joining("\n", "", "\n")));
            }
        }
    }

    /** A value that is a path in a mounted volume (a state directory, a CA file) as that path here. */
    private String onThisMachine(String value) {
        for (Map.Entry<String, Path> mount : mounts.entrySet()) {
            String path = mount.getKey();
            if (value.equals(path) || value.startsWith(path + "/")) {
                return mount.getValue() + value.substring(path.length());
            }
        }
        return value;
    }
}
