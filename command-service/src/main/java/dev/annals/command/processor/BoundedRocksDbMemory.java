package dev.annals.command.processor;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

import java.util.Map;

/**
 * Bounds the memory of every RocksDB store of the processor together — aggregates, remembered answers, their
 * index, of every partition this instance holds, standbys included — as Kafka Streams' memory management guide
 * describes: one block cache of {@code annals.processor.rocksdb-memory} for all of them, to which their memtables
 * and index and filter blocks are charged too. Without it each store has caches of its own, and the total grows
 * with the partitions an instance holds. What the stores hold beyond it is on disk.
 */
public class BoundedRocksDbMemory implements RocksDBConfigSetter {

    /** The Streams property this reads the bound from, in bytes; {@code annals.processor.rocksdb-memory} sets it. */
    public static final String MEMORY_CONFIG = "annals.rocksdb.memory.bytes";

    /** A tenth of the cache for index and filter blocks, kept in its high-priority pool. */
    private static final double INDEX_AND_FILTER_RATIO = 0.1;

    // shared by every store of the JVM: one bound per instance of the service, not per store
    private static Cache cache;
    private static WriteBufferManager writeBuffers;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(cache(configs));
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(writeBuffers);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and the write buffer manager are every store's: they live as long as the JVM
    }

    /** What the shared cache holds now (blocks, memtables, index and filters); 0 before any store opened. */
    static synchronized long usage() {
        return cache == null ? 0 : cache.getUsage();
    }

    private static synchronized Cache cache(Map<String, Object> configs) {
        if (cache == null) {
            long bytes = Long.parseLong(String.valueOf(configs.get(MEMORY_CONFIG)));
            cache = new LRUCache(bytes, -1, false, INDEX_AND_FILTER_RATIO);
            // memtables are charged to the same cache: half of it at most
            writeBuffers = new WriteBufferManager(bytes / 2, cache);
        }
        return cache;
    }
}
