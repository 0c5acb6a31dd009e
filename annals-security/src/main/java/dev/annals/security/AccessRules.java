package dev.annals.security;

import io.quarkus.runtime.Startup;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Singleton;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Decides from {@link SecurityConfig} whether an authenticated caller may send a command or read a route. Roles
 * come from the token's {@code groups} claim. A caller needs one of the listed roles; {@value #ANY_CALLER} lists
 * every authenticated caller.
 */
@Startup(1) // a rule without roles is refused when the service starts, not at the first request it would affect
@Singleton
public class AccessRules {

    /** The role list that admits every authenticated caller. */
    public static final String ANY_CALLER = "*";

    private final SecurityConfig config;

    AccessRules(SecurityConfig config) {
        this.config = config;
        requireRoles("annals.security.default-roles", config.defaultRoles());
        config.commands().forEach((type, commands) -> commands.forEach((command, roles) ->
                requireRoles("annals.security.commands.\"" + type + "\"." + command, roles)));
        config.reads().forEach((route, roles) -> requireRoles("annals.security.reads.\"" + route + "\"", roles));
        config.staff().forEach((type, roles) -> requireRoles("annals.security.staff.\"" + type + "\"", roles));
    }

    /** The roles that read every item of {@code type}; none when no rule names the type. */
    public List<String> staffRoles(String type) {
        return config.staff().getOrDefault(type, List.of());
    }

    /** Whether the caller is staff of one of {@code types}: reads every item of it, listings included. */
    public boolean isStaff(SecurityIdentity caller, Collection<String> types) {
        return !caller.isAnonymous() && types.stream().map(this::staffRoles).flatMap(List::stream)
                .anyMatch(caller::hasRole);
    }

    /** The roles that may send {@code command} to an aggregate of {@code type}. */
    public List<String> commandRoles(String type, String command) {
        return config.commands().getOrDefault(type, Map.of()).getOrDefault(command, config.defaultRoles());
    }

    /** The roles that may read {@code route}, e.g. {@code /api/bank/accounts/{id}}. */
    public List<String> readRoles(String route) {
        return config.reads().getOrDefault(route, config.defaultRoles());
    }

    public boolean mayCommand(SecurityIdentity caller, String type, String command) {
        return admits(commandRoles(type, command), caller);
    }

    public boolean mayRead(SecurityIdentity caller, String route) {
        return admits(readRoles(route), caller);
    }

    private static boolean admits(List<String> roles, SecurityIdentity caller) {
        if (caller.isAnonymous()) {
            return false;
        }
        return roles.contains(ANY_CALLER) || roles.stream().anyMatch(caller::hasRole);
    }

    private static void requireRoles(String key, List<String> roles) {
        if (roles.isEmpty() || roles.stream().anyMatch(String::isBlank)) {
            throw new IllegalStateException(key + " lists no role; name the roles that may, or " + ANY_CALLER
                    + " for every authenticated caller");
        }
    }
}
