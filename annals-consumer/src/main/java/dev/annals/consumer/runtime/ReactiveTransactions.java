package dev.annals.consumer.runtime;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.Supplier;

/**
 * Runs reactive database work for the consumer threads. Hibernate Reactive needs a Vert.x context of its own for
 * each unit of work (a "safe" duplicated context, as Quarkus gives every HTTP request); a consumer thread is not
 * one, so each transaction gets a fresh one here.
 */
@ApplicationScoped
public class ReactiveTransactions {

    private final Vertx vertx;

    // protected: a test may put a subclass in its place (a CDI alternative) to fail a transaction at a chosen point
    protected ReactiveTransactions(Vertx vertx) {
        this.vertx = vertx;
    }

    /** {@code work} in one Panache transaction: committed when it succeeds, rolled back when it fails. */
    public <T> Uni<T> inTransaction(Supplier<Uni<T>> work) {
        return onOwnContext(() -> Panache.withTransaction(work));
    }

    private <T> Uni<T> onOwnContext(Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> {
            Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
            VertxContextSafetyToggle.setContextSafe(context, true);
            context.runOnContext(ignored -> {
                try {
                    work.get().subscribe().with(emitter::complete, emitter::fail);
                } catch (RuntimeException | Error e) {
                    // an Error too: thrown on the event loop it would never reach the consumer waiting for it
                    emitter.fail(e);
                }
            });
        });
    }
}
