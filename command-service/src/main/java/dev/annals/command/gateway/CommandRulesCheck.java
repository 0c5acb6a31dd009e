package dev.annals.command.gateway;

import dev.annals.core.AggregateType;
import dev.annals.core.AggregateTypes;
import dev.annals.security.SecurityConfig;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Every {@code annals.security.commands."<type>".<command>} rule must name a type this service serves and a command
 * of it. A rule with a typo — {@code "bank-acount".withdraw} — would restrict nothing, and the command would fall
 * back to the default roles (any authenticated caller): a rule meant to close something would leave it open. So
 * the service does not start with one, and says which.
 */
@Startup(1) // before the processor (priority 10) waits for Kafka: a configuration error is told at once
@Singleton
public class CommandRulesCheck {

    CommandRulesCheck(SecurityConfig security, AggregateTypes types) {
        List<String> unknown = unknownRules(security.commands(), types);
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("annals.security.commands names what this service does not serve: "
                    + String.join("; ", unknown));
        }
    }

    /** Each rule that names an unknown type or command, with what it could have meant. */
    static List<String> unknownRules(Map<String, Map<String, List<String>>> rules, AggregateTypes types) {
        List<String> unknown = new ArrayList<>();
        rules.forEach((type, commands) -> {
            Optional<AggregateType<?, ?, ?>> served = types.find(type);
            if (served.isEmpty()) {
                unknown.add("\"" + type + "\" is not an aggregate type (the types are " + types.names() + ")");
                return;
            }
            commands.keySet().stream().filter(command -> !served.get().commandNames().contains(command)).sorted()
                    .forEach(command -> unknown.add("\"" + type + "\"." + command + " is not a command of " + type
                            + " (its commands are " + new TreeSet<>(served.get().commandNames()) + ")"));
        });
        return unknown;
    }
}
