package dev.annals.devstack.testing;

import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MBeanServerDelegate;
import javax.management.MBeanServerNotification;
import javax.management.Notification;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import javax.management.relation.MBeanServerNotificationFilter;
import java.lang.management.ManagementFactory;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every Kafka client created in this JVM since {@link #install()}, and whether the service made it or a test did:
 * the evidence that each client of a service got the service's shared Kafka settings, read back from the clients
 * themselves.
 *
 * <p>Every Kafka client registers an {@code app-info} MBean named after its {@code client.id} (producers under
 * {@code kafka.producer}, consumers under {@code kafka.consumer}, Admin clients under {@code kafka.admin.client},
 * and so do the clients inside Kafka Streams). The platform MBean server announces each registration on the
 * registering thread, so the creation's stack tells who made the client: one with a frame from a test-classes
 * directory or from devstack was made by a test (a test's own reader, a processor instance a test starts, the
 * broker's readiness check), any other by the service.
 *
 * <p>Quarkus loads test code in class loaders of its own; the record is itself an MBean, so that it is one per
 * JVM and {@link #seen()} reads the same one from any class loader.
 */
public final class KafkaClientsSeen {

    /** One client: its MBean domain ({@code kafka.producer}, ...), its client.id, and whether a test made it. */
    public record Client(String kind, String clientId, boolean madeByTest) {
    }

    /** The record's MBean interface; public, as JMX requires. */
    public interface RecordMBean {
        List<String> getClients();
    }

    private static final String NAME = "dev.annals.devstack.testing:type=KafkaClientsSeen";

    private KafkaClientsSeen() {
    }

    /** Starts recording, if nothing in this JVM did yet; call it before the application under test starts. */
    public static void install() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        List<String> clients = new CopyOnWriteArrayList<>();
        try {
            server.registerMBean(new StandardMBean((RecordMBean) () -> List.copyOf(clients), RecordMBean.class),
                    new ObjectName(NAME));
        } catch (InstanceAlreadyExistsException alreadyRecording) {
            return;
        } catch (JMException e) {
            throw new IllegalStateException("cannot record the Kafka clients of this JVM", e);
        }
        MBeanServerNotificationFilter filter = new MBeanServerNotificationFilter();
        filter.enableAllObjectNames();
        filter.disableType(MBeanServerNotification.UNREGISTRATION_NOTIFICATION);
        NotificationListener listener = (Notification notification, Object handback) -> {
            ObjectName name = ((MBeanServerNotification) notification).getMBeanName();
            // AppInfoParser's registration, named by id; the app-info metrics beside it are named by client-id
            if (name.getDomain().startsWith("kafka.") && "app-info".equals(name.getKeyProperty("type"))
                    && name.getKeyProperty("id") != null) {
                String id = name.getKeyProperty("id");
                // a client.id with characters JMX reserves (a rebuild's "@g2") is registered quoted
                clients.add(name.getDomain() + " " + (id.startsWith("\"") ? ObjectName.unquote(id) : id) + " "
                        + madeByTest());
            }
        };
        try {
            server.addNotificationListener(MBeanServerDelegate.DELEGATE_NAME, listener, filter, null);
        } catch (JMException e) {
            throw new IllegalStateException("cannot record the Kafka clients of this JVM", e);
        }
    }

    /** The clients created since {@link #install()}, in order. */
    public static List<Client> seen() {
        try {
            @SuppressWarnings("unchecked")
            List<String> recorded = (List<String>) ManagementFactory.getPlatformMBeanServer()
                    .getAttribute(new ObjectName(NAME), "Clients");
            List<Client> clients = new ArrayList<>();
            for (String line : recorded) {
                String[] parts = line.split(" ");
                clients.add(new Client(parts[0], parts[1], Boolean.parseBoolean(parts[2])));
            }
            return clients;
        } catch (JMException e) {
            throw new IllegalStateException("KafkaClientsSeen.install() was not called in this JVM", e);
        }
    }

    /** Whether a test made the client being registered, itself or through devstack (its broker checks). */
    private static boolean madeByTest() {
        return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                .walk(frames -> frames.map(StackWalker.StackFrame::getDeclaringClass).anyMatch(type ->
                        type.getName().startsWith("dev.annals.devstack.") && type != KafkaClientsSeen.class
                                || location(type).filter(where -> where.contains("/test-classes/")).isPresent()));
    }

    private static Optional<String> location(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        return source == null || source.getLocation() == null ? Optional.empty()
                : Optional.of(source.getLocation().toString());
    }
}
