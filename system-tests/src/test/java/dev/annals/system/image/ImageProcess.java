package dev.annals.system.image;

import dev.annals.deploy.SystemTools;
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

/**
 * An unpacked image's entrypoint run the way a container runtime runs it, without one: in a new mount namespace
 * with the image's root as its root (and a /proc of its own mount), in the image's working directory, as the
 * image's user, with the image's environment and {@code environment} on top. It shares this machine's network,
 * so it reaches devstack on loopback. Needs util-linux's unshare and the right to make namespaces (root).
 */
public final class ImageProcess extends ChildServer {

    private final String name;
    private final UnpackedImage image;
    private final Map<String, String> environment;
    private final String managementUrl;
    private final Duration startTimeout;

    ImageProcess(String name, UnpackedImage image, Map<String, String> environment, String managementUrl,
                 Duration startTimeout) {
        super(Optional.empty(), "annals-image-" + name + "-");
        this.name = name;
        this.image = image;
        this.environment = environment;
        this.managementUrl = managementUrl;
        this.startTimeout = startTimeout;
    }

    Path log() {
        return directory().resolve(name + ".log");
    }

    @Override
    protected ChildProcess launch() {
        try {
            Files.createDirectories(image.root().resolve("proc"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String[] user = image.user().split(":");
        // no PID namespace: unshare then execs the entrypoint itself, so the stop signal reaches it (a forked
        // child running as another user would not get unshare's --kill-child signal: a change of user clears it)
        List<String> command = new ArrayList<>(List.of(SystemTools.require("unshare"), "--mount",
                "--mount-proc=/proc", "--root=" + image.root(),
                "--wd=" + image.workingDirectory(), "--setuid", user[0], "--setgid", user.length > 1 ? user[1] : user[0]));
        command.addAll(image.entrypoint());
        Map<String, String> exactly = new LinkedHashMap<>(image.environment());
        exactly.putAll(environment);
        return ChildProcess.start(name, command, directory(), log(), Optional.of(exactly),
                ChildProcess.StopRequest.SIGTERM, "TERM", deleteWhenOrphaned());
    }

    @Override
    protected void awaitReady(ChildProcess process) {
        QuarkusService.awaitReady(process, name, managementUrl, startTimeout, log());
    }
}
