package dev.annals.core;

import org.junit.jupiter.api.Test;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decider shape every domain follows — {@code decide} and {@code evolve} as switches over sealed interfaces
 * with no {@code default} — turns a command or event without a branch into a compile error. Shown by compiling a
 * small decider with javac, once whole and once with a branch missing.
 */
class ExhaustiveDeciderTest {

    private static final String DECIDER = """
            package sample;

            import dev.annals.core.Decider;
            import dev.annals.core.DomainRejection;
            import java.util.List;

            public final class DoorDecider implements Decider<DoorDecider.Command, DoorDecider.Event, Boolean> {
                public sealed interface Command {}
                public record Open() implements Command {}
                public record Close() implements Command {}
                public record Lock(String code) implements Command {}

                public sealed interface Event {}
                public record Opened() implements Event {}
                public record Closed() implements Event {}
                public record Locked(String code) implements Event {}

                public Boolean initialState() { return false; }

                public List<Event> decide(Command command, Boolean open) {
                    return switch (command) {
                        case Open() -> open ? List.of() : List.of(new Opened());
                        case Close() -> open ? List.of(new Closed()) : List.of();
                        %s
                    };
                }

                public Boolean evolve(Boolean open, Event event) {
                    return switch (event) {
                        case Opened() -> true;
                        case Closed() -> false;
                        %s
                    };
                }
            }
            """;

    private static final String LOCK_BRANCH = """
            case Lock(String code) -> {
                if (open) { throw new DomainRejection("DOOR_OPEN", "close it first"); }
                yield List.of(new Locked(code));
            }""";

    private static final String LOCKED_BRANCH = "case Locked(String code) -> false;";

    @Test
    void a_decider_with_a_branch_for_every_command_and_event_compiles() {
        assertThat(compile(LOCK_BRANCH, LOCKED_BRANCH)).isEmpty();
    }

    @Test
    void a_command_without_a_branch_in_decide_does_not_compile() {
        List<Diagnostic<? extends JavaFileObject>> errors = compile("", LOCKED_BRANCH);

        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.getCode()).isEqualTo("compiler.err.not.exhaustive");
            assertThat(error.getLineNumber()).isEqualTo(lineOf("return switch (command)"));
        });
    }

    @Test
    void an_event_without_a_branch_in_evolve_does_not_compile() {
        List<Diagnostic<? extends JavaFileObject>> errors = compile(LOCK_BRANCH, "");

        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.getCode()).isEqualTo("compiler.err.not.exhaustive");
            assertThat(error.getLineNumber()).isEqualTo(lineOf("return switch (event)"));
        });
    }

    /** The compiler's errors for the decider with these branches; empty when it compiled. */
    private static List<Diagnostic<? extends JavaFileObject>> compile(String decideBranch, String evolveBranch) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("the tests run on a JDK, which has javac").isNotNull();
        String source = DECIDER.formatted(decideBranch, evolveBranch);
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Path output;
        try {
            output = Files.createTempDirectory("exhaustive-decider");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///sample/DoorDecider.java"),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        boolean compiled = javac.getTask(null, null, diagnostics,
                List.of("--release", "21", "-classpath", coreClasses(), "-d", output.toString()), null,
                List.of(file)).call();
        List<Diagnostic<? extends JavaFileObject>> errors = diagnostics.getDiagnostics().stream()
                .filter(diagnostic -> diagnostic.getKind() == Diagnostic.Kind.ERROR).toList();
        assertThat(compiled).as("javac's answer agrees with its errors: %s", errors).isEqualTo(errors.isEmpty());
        return errors;
    }

    /** The line of the decider that holds {@code text} (before the branches, so the same with or without them). */
    private static long lineOf(String text) {
        List<String> lines = DECIDER.formatted(LOCK_BRANCH, LOCKED_BRANCH).lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " is not in the decider");
    }

    /** Where annals-core's classes are (target/classes under Maven), for the decider to compile against. */
    private static String coreClasses() {
        try {
            return Path.of(Decider.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
