package dev.annals.consumer;

import java.time.Instant;

/**
 * A time a reactor waits for, scheduled by {@link Reaction#schedule}: when it comes, the reactor's deadline handler
 * of that name runs. It is kept in the database with the reactor's checkpoints, so it fires after a restart too —
 * late, if the service was down when it was due, never lost.
 *
 * @param name what the reactor waits for ({@code payment-timeout}); the handler is chosen by it
 * @param key  which one ({@code order-17}): one deadline per name and key; scheduling it again moves it
 * @param due  when it is due
 */
public record Deadline(String name, String key, Instant due) {
}
