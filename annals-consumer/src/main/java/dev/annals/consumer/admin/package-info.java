/**
 * Operating the consumers: the admin routes on the management interface
 * ({@link dev.annals.consumer.admin.ConsumersAdminRoutes}: status, rebuild, parked aggregates, redrive), the lag
 * gauges' refresh, and the liveness check that goes down for a runner that failed.
 */
package dev.annals.consumer.admin;
