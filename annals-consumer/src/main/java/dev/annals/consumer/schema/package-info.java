/**
 * The runtime's tables and each consumer's schemas: the checkpoint and registry tables, a Flyway-migrated schema per
 * generation with its published views, the blue/green swap ({@link dev.annals.consumer.schema.ConsumerSchemas}), and
 * what the migration role grants the runtime role ({@link dev.annals.consumer.schema.RuntimeGrants}).
 */
package dev.annals.consumer.schema;
