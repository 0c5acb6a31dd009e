package dev.annals.query.stream;

import dev.annals.query.consistency.CheckpointListener;
import dev.annals.query.consistency.CheckpointNotice;
import dev.annals.query.consistency.CheckpointObserver;
import dev.annals.query.journal.Journal;
import dev.annals.query.journal.JournalEntry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.smallrye.mutiny.operators.multi.processors.SerializedProcessor;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;

/**
 * New journal events as they are committed. A stream holds a cursor (a version, or a journal position) and reads
 * past it whenever the event-journal projection's checkpoint moves ({@code NOTIFY annals_checkpoint}) or the
 * listener re-connects; no polling. Notices that arrive while a stream is reading are folded into one more read.
 */
@ApplicationScoped
public class JournalFeed implements CheckpointObserver {

    /** Events read per query; a stream keeps reading until a query returns fewer. */
    static final int BATCH = 200;

    private static final Object TICK = new Object();
    private static final Logger LOG = Logger.getLogger(JournalFeed.class);

    private final CheckpointListener listener;
    /** Read timeout: a stream whose query hangs fails (and its client re-connects) rather than stall unseen. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

    // serialized: notices and re-subscriptions may be signalled from more than one event loop over time
    private final SerializedProcessor<Object, Object> ticks = BroadcastProcessor.create().serialized();

    JournalFeed(CheckpointListener listener) {
        this.listener = listener;
    }

    @PostConstruct
    void observeCheckpoints() {
        listener.observe(this);
    }

    @Override
    public void onCheckpoint(CheckpointNotice notice) {
        if (notice.consumer().equals(Journal.MODEL.projection())) {
            LOG.tracef("journal checkpoint %s-%d at command offset %d", notice.topic(), notice.partition(),
                    notice.commandOffset());
            ticks.onNext(TICK);
        }
    }

    @Override
    public void onListening() {
        ticks.onNext(TICK);
    }

    /**
     * Every entry after {@code start}, then each new one as it is committed, in cursor order, each once.
     *
     * @param start  where to begin: the cursor of the last entry the client has
     * @param read   the entries after a cursor, at most {@link #BATCH}, in cursor order
     * @param cursor an entry's cursor: its version in an aggregate's stream, its position in a type's
     */
    Multi<JournalEntry> follow(Uni<Long> start, LongFunction<Uni<List<JournalEntry>>> read,
                               ToLongFunction<JournalEntry> cursor) {
        return Multi.createFrom().deferred(() -> {
            long[] after = {-1};
            // subscribed to the notices before the start is read, so nothing committed after that read is missed
            // a broadcast fails a subscriber that has no demand, so each stream takes every notice at once and
            // keeps only the last one until it is ready for another read
            Multi<Object> notices = Multi.createFrom().publisher(ticks).onOverflow().dropPreviousItems();
            Multi<Object> wakeUps = Multi.createBy().merging().streams(Multi.createFrom().item(TICK), notices)
                    .onOverflow().dropPreviousItems();
            return wakeUps.onItem().transformToMultiAndConcatenate(wake -> {
                Uni<Long> from = after[0] >= 0 ? Uni.createFrom().item(after[0]) : start.invoke(s -> after[0] = s);
                return from.onItem().transformToMulti(position -> Multi.createBy().repeating()
                                .uni(() -> read.apply(after[0])
                                        .ifNoItem().after(READ_TIMEOUT).fail()
                                        .invoke(batch -> LOG.tracef("read %d after %d", batch.size(), after[0])))
                                .whilst(batch -> batch.size() == BATCH)
                                .onItem().disjoint())
                        .map(JournalEntry.class::cast)
                        .invoke(entry -> after[0] = cursor.applyAsLong(entry));
            });
        });
    }
}
