package dev.annals.devstack.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.logging.Level;
import java.util.logging.Logger;

/** {@code java -jar devstack/target/devstack.jar up}: Kafka and PostgreSQL on a developer's machine. */
@Command(name = "devstack",
        mixinStandardHelpOptions = true,
        description = "Runs a real Kafka broker and a real PostgreSQL for Annals, without Docker.",
        subcommands = UpCommand.class)
public final class DevstackCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // The CLI prints what matters itself; the servers keep their own logs in their directories.
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        Logger.getLogger("").setLevel(Level.WARNING);
        System.exit(new CommandLine(new DevstackCommand()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
