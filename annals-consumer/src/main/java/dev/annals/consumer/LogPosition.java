package dev.annals.consumer;

/**
 * Where an event is in the log: its record's topic, partition and offset. Stable for as long as the log is: a read
 * model rebuilt from offset 0 finds every event at the same place, which makes it a cursor that survives rebuilds.
 */
public record LogPosition(String topic, int partition, long offset) {
}
