package dev.annals.bench.system;

import java.util.Map;

/**
 * Where command-service's processor keeps its aggregates and remembered answers ({@code annals.processor.store}),
 * and the heap the bench gives it with each: the in-memory store holds a million aggregates on the heap; RocksDB
 * runs with production's heap (the overlay's {@code MaxRAMPercentage=50} of its 1536 MiB limit), its stores' memory
 * bounded off the heap by {@code annals.processor.rocksdb-memory}.
 */
public enum CommandStore {

    IN_MEMORY("in-memory", "in-memory store", "1536m"),
    ROCKSDB("rocksdb", "RocksDB store", "768m");

    /** The processor's setting that chooses it. */
    public static final String SETTING = "annals.processor.store";

    private final String setting;
    private final String label;
    private final String heap;

    CommandStore(String setting, String label, String heap) {
        this.setting = setting;
        this.label = label;
        this.heap = heap;
    }

    /** The store {@code config} (command-service's settings over its defaults) chooses: in-memory unless set. */
    public static CommandStore chosenBy(Map<String, String> config) {
        String chosen = config.getOrDefault(SETTING, IN_MEMORY.setting).strip();
        for (CommandStore store : values()) {
            if (store.setting.equalsIgnoreCase(chosen)) {
                return store;
            }
        }
        throw new IllegalArgumentException(SETTING + "=" + chosen + " is none of in-memory, rocksdb");
    }

    public String setting() {
        return setting;
    }

    public String heap() {
        return heap;
    }

    /** As the table names it: "in-memory store", "RocksDB store". */
    @Override
    public String toString() {
        return label;
    }
}
