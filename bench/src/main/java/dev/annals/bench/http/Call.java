package dev.annals.bench.http;

import java.util.concurrent.CompletionStage;

/** One unit of load: a request, or a few in sequence (a command, then the read of its result). */
@FunctionalInterface
public interface Call {

    CompletionStage<Answer> send(HttpLoad http);
}
