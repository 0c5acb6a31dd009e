package dev.annals.consumer.runtime.reactor;

import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class PermitsTest {

    /**
     * A long line of waiters whose work ends at once (a revoked partition's reactions, say): each release hands the
     * permit on without the next waiter's work running on the releasing thread's stack. (Handed on in place, 20,000
     * waiters overflowed the stack: the reactor halted, and some permits were never released.)
     */
    @Test
    void a_long_line_of_waiters_that_end_at_once_all_get_through() throws InterruptedException {
        int waiters = 20_000;
        ExecutorService handOff = Executors.newSingleThreadExecutor();
        try {
            Permits permits = new Permits(1, handOff);
            AtomicInteger held = new AtomicInteger();
            permits.acquire().subscribe().with(ignored -> held.incrementAndGet()); // the one permit, held for now
            AtomicInteger through = new AtomicInteger();
            AtomicReference<Throwable> failed = new AtomicReference<>();
            CountDownLatch all = new CountDownLatch(waiters);
            for (int i = 0; i < waiters; i++) {
                permits.acquire()
                        .chain(() -> Uni.createFrom().voidItem()) // work that ends at once
                        .eventually(permits::release)
                        .subscribe().with(done -> {
                            through.incrementAndGet();
                            all.countDown();
                        }, failure -> {
                            failed.set(failure);
                            all.countDown();
                        });
            }
            // released on a thread with an event loop's stack, as a reaction ends on one
            Thread releaser = new Thread(null, () -> {
                try {
                    permits.release();
                } catch (Throwable e) {
                    failed.compareAndSet(null, e);
                }
            }, "releaser", 512 * 1024);
            releaser.start();
            releaser.join();
            assertThat(failed.get()).isNull();
            assertThat(all.await(Duration.ofSeconds(60).toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            assertThat(failed.get()).isNull();
            assertThat(held.get()).isEqualTo(1);
            assertThat(through.get()).isEqualTo(waiters);
        } finally {
            handOff.shutdownNow();
        }
    }

    @Test
    void no_more_than_the_permits_run_at_once() {
        Permits permits = new Permits(2, Runnable::run);
        AtomicInteger granted = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            permits.acquire().subscribe().with(ignored -> granted.incrementAndGet());
        }
        assertThat(granted.get()).isEqualTo(2);
        permits.release();
        assertThat(granted.get()).isEqualTo(3);
    }
}
