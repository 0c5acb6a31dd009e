package dev.annals.payment.provider;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The simulated provider's own record of what it did with each charge key: charged (approved), refunded or
 * cancelled — what a real provider's dashboard shows, and what reconciliation is checked against. Kept in memory,
 * and in a file when {@code payments.provider.ledger-file} is set (one line per step, written through before the
 * answer goes out, read back at start), so that it outlives a kill -9 of the service (PaymentsCrashIT).
 */
public final class ProviderLedger {

    /** What became of one charge key. */
    public enum Step { APPROVED, REFUNDED, CANCELLED }

    /** One line: {@code APPROVED <key> <order> <reference>}. */
    public record Entry(Step step, String key, String order, String reference) {

        String line() {
            return step + " " + key + " " + order + " " + reference + "\n";
        }

        static Entry parse(String line) {
            String[] parts = line.strip().split(" ");
            return new Entry(Step.valueOf(parts[0]), parts[1], parts[2], parts[3]);
        }
    }

    private final Map<String, Entry> approved = new ConcurrentHashMap<>();
    private final Map<String, Entry> undone = new ConcurrentHashMap<>();
    private final Optional<FileChannel> file;

    ProviderLedger(Optional<Path> path) {
        this.file = path.map(ProviderLedger::open);
        path.filter(Files::exists).ifPresent(this::readBack);
    }

    Optional<Entry> approval(String key) {
        return Optional.ofNullable(approved.get(key));
    }

    Optional<Entry> undoing(String key) {
        return Optional.ofNullable(undone.get(key));
    }

    /** Records the step once per key and kind; answers the entry that stands. */
    synchronized Entry record(Entry entry) {
        Map<String, Entry> kind = entry.step() == Step.APPROVED ? approved : undone;
        Entry standing = kind.get(entry.key());
        if (standing != null) {
            return standing;
        }
        file.ifPresent(channel -> write(channel, entry));
        kind.put(entry.key(), entry);
        return entry;
    }

    /**
     * Undoes a key at once, whatever a late approval does meanwhile: refunded if it was approved, else cancelled
     * (and then never approved). Answers the entry that stands.
     */
    synchronized Entry undo(String key, String order, String refundReference) {
        Entry approval = approved.get(key);
        return record(approval != null ? new Entry(Step.REFUNDED, key, approval.order(), refundReference)
                : new Entry(Step.CANCELLED, key, order, "-"));
    }

    /** Records an approval unless the key was undone first (a cancelled charge never goes through). */
    synchronized Optional<Entry> approveUnlessUndone(Entry approval) {
        return undone.containsKey(approval.key()) ? Optional.empty() : Optional.of(record(approval));
    }

    private void readBack(Path path) {
        try {
            for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    Entry entry = Entry.parse(line);
                    (entry.step() == Step.APPROVED ? approved : undone).putIfAbsent(entry.key(), entry);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the provider's ledger " + path, e);
        }
    }

    private static FileChannel open(Path path) {
        try {
            return FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the provider's ledger " + path, e);
        }
    }

    private static void write(FileChannel channel, Entry entry) {
        try {
            channel.write(ByteBuffer.wrap(entry.line().getBytes(StandardCharsets.UTF_8)));
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the provider's ledger", e);
        }
    }

    /** Every entry: what the provider did, for reconciliation's checks. */
    public List<Entry> entries() {
        return Stream.concat(approved.values().stream(), undone.values().stream()).toList();
    }
}
