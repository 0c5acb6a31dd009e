package dev.annals.system.bank;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the clients were told, command by command (by idempotency key): the record the invariants are checked
 * against. Anything a correct system never answers (a 5xx other than 503/504, a 4xx other than 409, a replay that
 * differs from the first answer) is kept as a problem; a test fails on any.
 */
public final class Ledger {

    private final Map<String, Answered> byKey = new ConcurrentHashMap<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final AtomicLong transientAnswers = new AtomicLong();
    private final AtomicLong noAnswers = new AtomicLong();
    private final AtomicLong replays = new AtomicLong();
    private final AtomicLong acceptedCount = new AtomicLong();

    /** The latest definitive answer for its key: a refused command retried later may be accepted then. */
    void record(Answered answered) {
        Answered before = byKey.put(answered.command().key(), answered);
        long change = (answered.accepted() ? 1 : 0) - (before != null && before.accepted() ? 1 : 0);
        acceptedCount.addAndGet(change);
    }

    void problem(String problem) {
        problems.add(problem);
    }

    void transientAnswer() {
        transientAnswers.incrementAndGet();
    }

    void noAnswer() {
        noAnswers.incrementAndGet();
    }

    void replayed() {
        replays.incrementAndGet();
    }

    public Collection<Answered> answers() {
        return List.copyOf(byKey.values());
    }

    public List<Answered> accepted() {
        List<Answered> accepted = new ArrayList<>();
        byKey.values().stream().filter(Answered::accepted).forEach(accepted::add);
        return accepted;
    }

    /** Accepted so far; cheap enough to poll while the clients run. */
    public long acceptedCount() {
        return acceptedCount.get();
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** 503 and 504 answers: allowed during a fault, each followed by a retry with the same key. */
    public long transientAnswers() {
        return transientAnswers.get();
    }

    /** Requests that got no HTTP answer (connection refused or reset): a killed replica. */
    public long noAnswers() {
        return noAnswers.get();
    }

    /** Accepted commands sent again with their key on purpose, whose second answer matched the first. */
    public long replays() {
        return replays.get();
    }

    @Override
    public String toString() {
        long accepted = byKey.values().stream().filter(Answered::accepted).count();
        return byKey.size() + " commands (" + accepted + " accepted, " + (byKey.size() - accepted) + " refused), "
                + replays + " replays, " + transientAnswers + " 503/504 answers, " + noAnswers + " unanswered requests";
    }
}
