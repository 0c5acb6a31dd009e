/**
 * The API of a consumer service: a {@link dev.annals.consumer.Projection} turns events into rows of a read model,
 * each batch in one transaction with its checkpoint ({@link dev.annals.consumer.ProjectionHandlers}); a
 * {@link dev.annals.consumer.Reactor} reacts to events with calls and commands, outside any transaction
 * ({@link dev.annals.consumer.ReactorHandlers}). Declare them as beans; the runtime
 * ({@code dev.annals.consumer.runtime}) runs them.
 */
package dev.annals.consumer;
