package dev.annals.system.support;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.nio.file.Path;

/**
 * Gives a test class {@link TheSystem}: started once for all the classes of the run (one broker, one database,
 * one set of services), stopped when the run ends, after printing the {@link Summary} and keeping the services'
 * logs in {@code target/system-tests/}.
 */
public final class SystemExtension implements ParameterResolver {

    private static final Path OUTPUT = Path.of("target", "system-tests");

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TheSystem.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Running.class, key -> new Running(TheSystem.start(new Summary())),
                        Running.class).system();
    }

    /** The running system as a resource of the whole run: JUnit closes it once every class is done. */
    private record Running(TheSystem system) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            try {
                String report = system.summary().report();
                System.out.println();
                System.out.println(report);
                system.summary().write(OUTPUT.resolve("summary.md"));
                system.keepLogs(OUTPUT.resolve("logs"));
            } finally {
                system.close();
            }
        }
    }
}
