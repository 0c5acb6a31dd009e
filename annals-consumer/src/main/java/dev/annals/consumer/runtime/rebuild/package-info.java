/**
 * A projection's blue/green rebuild ({@link dev.annals.consumer.runtime.rebuild.RebuildRun}): one runner, on any
 * instance, holds the rebuild's lease ({@link dev.annals.consumer.runtime.rebuild.RebuildLease}) and reads every
 * partition from offset 0 into the next generation's tables, then swaps them in once caught up, with whole commands
 * only. Reactors are not rebuilt: their effects are outside.
 */
package dev.annals.consumer.runtime.rebuild;
