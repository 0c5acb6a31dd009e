package dev.annals.devstack.testing;

/** JMX view of a {@link ServerSwitch}: the JVM-wide handle outage tests use. */
public interface ServerSwitchMBean {

    void stop();

    void start();

    boolean isRunning();
}
