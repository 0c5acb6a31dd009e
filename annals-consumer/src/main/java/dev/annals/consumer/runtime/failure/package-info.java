/**
 * What happens when an event cannot be handled now or ever: {@link dev.annals.consumer.runtime.failure.Failures}
 * sorts a failure into transient (waited for, bounded for the handler's own), permanent or fatal;
 * {@link dev.annals.consumer.runtime.failure.Retrying} waits; {@link dev.annals.consumer.runtime.failure.DeadLettering}
 * sends an event to its consumer's dead-letter topic once; {@link dev.annals.consumer.runtime.failure.Parking} stops
 * its aggregate there, visibly, and {@link dev.annals.consumer.runtime.failure.Redrive} applies what was held once the
 * cause is fixed.
 */
package dev.annals.consumer.runtime.failure;
