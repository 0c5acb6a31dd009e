/**
 * Where each consumer stands in each partition, in PostgreSQL beside its read model: read on assignment, locked and
 * moved in every batch's own transaction ({@link dev.annals.consumer.runtime.checkpoint.CheckpointStore}), so that a
 * read model and its position commit together, and two instances that both believe they own a partition apply each
 * event once. Kafka's committed offsets are informative only.
 */
package dev.annals.consumer.runtime.checkpoint;
