/**
 * A reactor's side of the runtime ({@link dev.annals.consumer.runtime.reactor.ReactorBatches}): reactions run outside
 * any transaction, each aggregate's in order and different aggregates side by side
 * ({@link dev.annals.consumer.runtime.reactor.Reactions}), their commands sent with derived keys and answered over
 * Kafka ({@link dev.annals.consumer.runtime.reactor.KafkaCommandBus}), their deadlines fired as reactions too
 * ({@link dev.annals.consumer.runtime.reactor.Deadlines}).
 */
package dev.annals.consumer.runtime.reactor;
