package dev.annals.command.processor;

/** Where the aggregate store keeps its data between changelog writes. */
public enum StoreKind {
    /** On the heap: fastest; rebuilt from the changelog at start-up. The default. */
    IN_MEMORY,
    /** RocksDB on local disk: for aggregates that do not fit in memory; survives restarts of the same instance. */
    ROCKSDB
}
