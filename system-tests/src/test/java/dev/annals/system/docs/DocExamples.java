package dev.annals.system.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The examples of a Markdown document: every {@code ```bash} block that talks to the demo's services
 * ({@code localhost:8081}, {@code 8082}, {@code 8083}), in order. The line before a block may say how it runs:
 * {@code <!-- not run: why -->} leaves it out (a stream that waits until stopped), {@code <!-- example: answers
 * 4xx -->} expects every request in it to be refused. Any other block must succeed as pasted.
 */
record DocExamples(Path document, List<Example> examples) {

    static final String NOT_RUN = "<!-- not run:";
    static final String ANSWERS_4XX = "<!-- example: answers 4xx -->";

    /** One block: its first line in the document, its text, and whether its requests are refusals. */
    record Example(int line, String script, boolean refusals) {
    }

    static DocExamples of(Path document) {
        List<String> lines;
        try {
            lines = Files.readAllLines(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Example> examples = new ArrayList<>();
        String marker = "";
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.equals("```bash") || line.startsWith("```bash ")) {
                int start = i + 1;
                StringBuilder block = new StringBuilder();
                for (i = start; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
                    block.append(lines.get(i)).append('\n');
                }
                String script = block.toString();
                if (script.matches("(?s).*localhost:808[123].*") && !marker.startsWith(NOT_RUN)) {
                    examples.add(new Example(start, script, marker.equals(ANSWERS_4XX)));
                }
                marker = "";
            } else if (!line.isEmpty()) {
                marker = line;
            }
        }
        return new DocExamples(document, examples);
    }
}
