package dev.annals.devstack.testing;

import dev.annals.devstack.process.ChildServer;

import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;

/**
 * Stops and restarts one of the JVM's shared servers, keeping its port and data: how a test shows what a
 * service does while Kafka or PostgreSQL is down.
 *
 * <p>The switch is registered as a platform MBean because the test that flips it may run in another class loader
 * (Quarkus's) than the one that started the server; the MBean server is one per JVM and speaks only JDK types.
 */
final class ServerSwitch implements ServerSwitchMBean {

    private final ChildServer server;

    private ServerSwitch(ChildServer server) {
        this.server = server;
    }

    static void register(String name, ChildServer server) {
        try {
            platform().registerMBean(new ServerSwitch(server), objectName(name));
        } catch (InstanceAlreadyExistsException e) {
            throw new IllegalStateException("a shared " + name + " is already registered in this JVM", e);
        } catch (JMException e) {
            throw new IllegalStateException("cannot register the switch of " + name, e);
        }
    }

    static void invoke(String name, String operation) {
        try {
            ObjectName objectName = objectName(name);
            if (!platform().isRegistered(objectName)) {
                throw new UnsupportedOperationException("the shared " + name + " cannot be stopped: it is only "
                        + "possible with annals.infra=local, after SharedInfrastructure.endpoints()");
            }
            platform().invoke(objectName, operation, new Object[0], new String[0]);
        } catch (JMException e) {
            throw new IllegalStateException(operation + " of the shared " + name + " failed", e);
        }
    }

    @Override
    public void stop() {
        inOwnClassLoader(server::stop);
    }

    @Override
    public void start() {
        inOwnClassLoader(server::start);
    }

    /**
     * Runs the operation with this class's loader as the thread's context loader: the caller's thread may carry
     * Quarkus's (a test class under another profile than the one that started the server), and Kafka's clients
     * load their plugins (JmxReporter) through the context loader — from the wrong one, a ClassCastException.
     */
    private static void inOwnClassLoader(Runnable operation) {
        Thread thread = Thread.currentThread();
        ClassLoader caller = thread.getContextClassLoader();
        thread.setContextClassLoader(ServerSwitch.class.getClassLoader());
        try {
            operation.run();
        } finally {
            thread.setContextClassLoader(caller);
        }
    }

    @Override
    public boolean isRunning() {
        return server.isRunning();
    }

    private static MBeanServer platform() {
        return ManagementFactory.getPlatformMBeanServer();
    }

    private static ObjectName objectName(String name) throws JMException {
        return new ObjectName("dev.annals.devstack:type=SharedServer,name=" + name);
    }
}
