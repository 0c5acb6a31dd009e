package dev.annals.devstack.kafka;

import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The repository's ACL file, read as devstack and the manifests read it: least privilege, name by name. */
class KafkaAclsTest {

    private static final List<String> TYPES = List.of("bank-account", "food-order");

    @Test
    void a_service_may_create_topics_only_where_it_is_set_to_create_them() {
        KafkaAcls creating = KafkaAcls.forTypes(TYPES);
        KafkaAcls manifests = KafkaAcls.forTypes(TYPES, (service, key) -> false);

        assertThat(names(creating, "command-service", AclOperation.CREATE)).containsExactlyInAnyOrder(
                "annals.bank-account.commands", "annals.food-order.commands", "annals.bank-account.events",
                "annals.food-order.events", "annals.command-replies", "annals.dlq.command-processor");
        for (String user : creating.users().keySet()) {
            assertThat(names(manifests, user, AclOperation.CREATE)).as(user).isEmpty();
        }
        // what it needs whether it creates them or not: to check them at start
        assertThat(names(manifests, "command-service", AclOperation.DESCRIBE_CONFIGS))
                .contains("annals.bank-account.events", "annals.command-replies");
    }

    @Test
    void every_topic_right_but_the_processors_own_names_its_topics_one_by_one() {
        KafkaAcls acls = KafkaAcls.forTypes(TYPES);
        acls.users().forEach((user, bindings) -> bindings.stream()
                .filter(binding -> binding.pattern().patternType() == PatternType.PREFIXED)
                .forEach(binding -> assertThat(binding.pattern().name()).as(user + " " + binding)
                        .isIn("annals.replies.", "annals-command-processor-", "annals-gateway-",
                                "annals.projection.")));
    }

    @Test
    void each_consumer_service_reaches_its_own_consumers_dead_letters_only() {
        KafkaAcls acls = KafkaAcls.forTypes(TYPES);

        assertThat(acls.consumers().get("projection-service")).contains("bank-accounts", "event-journal");
        assertThat(names(acls, "projection-service", AclOperation.READ)).filteredOn(name -> name.startsWith("annals.dlq."))
                .containsExactlyInAnyOrderElementsOf(acls.consumers().get("projection-service").stream()
                        .map(consumer -> "annals.dlq." + consumer).toList());
        assertThat(names(acls, "payment-service", AclOperation.WRITE)).contains("annals.dlq.payments")
                .doesNotContain("annals.dlq.bank-accounts");
    }

    private static List<String> names(KafkaAcls acls, String user, AclOperation operation) {
        return acls.users().get(user).stream().filter(binding -> binding.entry().operation() == operation)
                .map(AclBinding::pattern).map(pattern -> pattern.name()).distinct().toList();
    }
}
