/**
 * The consumer runtime: {@link dev.annals.consumer.runtime.Consumers} finds a service's projections and reactors
 * (the two kinds of consumer), starts a runner for each, rebuilds, redrives and reports them. A runner is one
 * consumer's thread, live or rebuilding; its parts are in the packages below:
 * <ul>
 *   <li>{@code loop}: the loop, cutting polls at command boundaries, a projection's batches, the version rule;</li>
 *   <li>{@code checkpoint}: the checkpoints, read, locked and moved in each batch's transaction;</li>
 *   <li>{@code failure}: what is transient, retries, dead letters, parked aggregates and their redrive;</li>
 *   <li>{@code rebuild}: a projection's blue/green rebuild — its lease, catch-up and swap;</li>
 *   <li>{@code reactor}: a reactor's reactions outside any transaction, its commands and deadlines.</li>
 * </ul>
 */
package dev.annals.consumer.runtime;
