/**
 * One consumer's loop ({@link dev.annals.consumer.runtime.loop.ConsumerRunner}): poll, cut at command boundaries
 * ({@link dev.annals.consumer.runtime.loop.CommandBoundaries}), hand the batch on, note the checkpoints. What
 * differs between kinds of runner is behind two seams: {@link dev.annals.consumer.runtime.loop.Membership} (a live
 * group member, or a rebuild) and {@link dev.annals.consumer.runtime.loop.BatchHandling} (a projection's
 * transaction, or a reactor's reactions). Every event passes the version rule
 * ({@link dev.annals.consumer.runtime.loop.VersionOrder}) before its handler.
 */
package dev.annals.consumer.runtime.loop;
