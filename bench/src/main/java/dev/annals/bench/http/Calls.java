package dev.annals.bench.http;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Sending a call so that whatever goes wrong ends as a failed call, never as an exception that stops a client. */
final class Calls {

    private Calls() {
    }

    static CompletionStage<Answer> send(CallSource calls, long n, HttpLoad http) {
        try {
            return calls.call(n).send(http);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
