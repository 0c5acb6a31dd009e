package dev.annals.devstack.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeptDataTest {

    private final PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    @Test
    void reset_deletes_what_devstack_kept(@TempDir Path parent) throws IOException {
        Path kept = parent.resolve("devstack-data");
        Files.createDirectories(kept.resolve("kafka/node-1/data"));
        Files.createDirectories(kept.resolve("postgres/data"));
        Files.writeString(kept.resolve("kafka/node-1/data/meta.properties"), "x");
        Files.writeString(kept.resolve("demo-data-sent"), "16 demo commands accepted\n");

        KeptData.delete(kept, out);

        assertThat(kept).doesNotExist();
    }

    @Test
    void reset_refuses_a_directory_devstack_did_not_write(@TempDir Path parent) throws IOException {
        Path mistyped = parent.resolve("home");
        Files.createDirectories(mistyped.resolve("postgres"));
        Files.writeString(mistyped.resolve("thesis.tex"), "years of work");

        assertThatThrownBy(() -> KeptData.delete(mistyped, out))
                .hasMessageContaining("thesis.tex").hasMessageContaining("did not write");
        assertThat(mistyped.resolve("thesis.tex")).hasContent("years of work");
    }

    @Test
    void reset_of_a_first_run_has_nothing_to_delete(@TempDir Path parent) {
        KeptData.delete(parent.resolve("devstack-data"), out);

        assertThat(parent.resolve("devstack-data")).doesNotExist();
    }
}
