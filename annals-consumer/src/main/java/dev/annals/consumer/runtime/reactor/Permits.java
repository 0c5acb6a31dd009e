package dev.annals.consumer.runtime.reactor;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/**
 * At most so many reactions at once, waited for without blocking a thread: {@code annals.reactor.concurrency}
 * aggregates react side by side, the others queue in the order they came.
 */
final class Permits {

    private final Queue<UniEmitter<? super Void>> waiting = new ArrayDeque<>();
    private final Executor handOff;
    private int free;

    /** {@code handOff} runs the next in line: not on the releasing thread, whose stack would grow with each. */
    Permits(int permits, Executor handOff) {
        this.free = permits;
        this.handOff = handOff;
    }

    /** A permit, now or once one is released; {@link #release} it when done. */
    Uni<Void> acquire() {
        return Uni.createFrom().emitter(emitter -> {
            synchronized (this) {
                if (free > 0) {
                    free--;
                } else {
                    waiting.add(emitter);
                    return;
                }
            }
            emitter.complete(null);
        });
    }

    void release() {
        UniEmitter<? super Void> next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                free++;
                return;
            }
        }
        handOff.execute(() -> next.complete(null)); // the permit passes on to the next in line
    }
}
