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
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

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

    /** One SSE's worth: an entry and the id the client resumes after it with. */
    record Item(JournalEntry entry, String id) {
    }

    /** What one read found: the items to send, the cursor after them, and whether to read again at once. */
    record Page<C>(List<Item> items, C next, boolean full) {
    }

    /**
     * Every entry after {@code start}, then each new one as it is committed, in cursor order, each once.
     *
     * @param start where to begin: the cursor of what the client has
     * @param read  the next entries after a cursor (at most {@link #BATCH} rows read), and the cursor after them
     */
    <C> Multi<Item> follow(Uni<C> start, Function<C, Uni<Page<C>>> read) {
        return Multi.createFrom().deferred(() -> {
            List<C> at = new ArrayList<>(1);
            // subscribed to the notices before the start is read, so nothing committed after that read is missed
            // a broadcast fails a subscriber that has no demand, so each stream takes every notice at once and
            // keeps only the last one until it is ready for another read
            Multi<Object> notices = Multi.createFrom().publisher(ticks).onOverflow().dropPreviousItems();
            Multi<Object> wakeUps = Multi.createBy().merging().streams(Multi.createFrom().item(TICK), notices)
                    .onOverflow().dropPreviousItems();
            return wakeUps.onItem().transformToMultiAndConcatenate(wake -> {
                Uni<C> from = at.isEmpty() ? start.invoke(at::add) : Uni.createFrom().item(at.get(0));
                return from.onItem().transformToMulti(ignored -> Multi.createBy().repeating()
                                .uni(() -> read.apply(at.get(0))
                                        .ifNoItem().after(READ_TIMEOUT).fail()
                                        .invoke(page -> at.set(0, page.next()))
                                        .invoke(page -> LOG.tracef("read %d to %s", page.items().size(),
                                                page.next())))
                                .whilst(Page::full))
                        .onItem().transformToIterable(Page::items);
            });
        });
    }
}
