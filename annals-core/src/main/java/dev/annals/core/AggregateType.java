package dev.annals.core;

import com.fasterxml.jackson.annotation.JsonTypeName;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Binds an aggregate type's name ({@code bank-account}) to its {@link Decider} and to the Java types of its
 * commands, events and state. Domains register one as a CDI bean; services discover them, so adding a type
 * changes no service code.
 *
 * <p>Commands and events are each a sealed interface whose leaves are records. Their names come from those
 * records:
 * <ul>
 *   <li>a command's name is the REST path segment, the kebab-case of the record's simple name
 *       ({@code CompletePurchase} → {@code complete-purchase}) unless the record carries
 *       {@code @JsonTypeName("open")};</li>
 *   <li>an event's name is the record's simple name ({@code MoneyDeposited}), or its {@code @JsonTypeName}; it
 *       becomes the CloudEvents type {@code bank-account.MoneyDeposited}.</li>
 * </ul>
 * Names are checked once, here, so a misnamed domain fails at start-up rather than on its first request.
 */
public final class AggregateType<C, E, S> {

    private static final Pattern EVENT_NAME = Pattern.compile("[A-Z][A-Za-z0-9]*");

    private final String name;
    private final Decider<C, E, S> decider;
    private final Class<C> commandType;
    private final Class<E> eventType;
    private final Class<S> stateType;
    private final Map<String, Class<? extends C>> commandsByName;
    private final Map<Class<?>, String> commandNames;
    private final Map<String, Class<? extends E>> eventsByName;
    private final Map<Class<?>, String> eventNames;

    private AggregateType(String name, Decider<C, E, S> decider, Class<C> commandType, Class<E> eventType,
                          Class<S> stateType) {
        this.name = TypeName.require(name, "an aggregate type name");
        this.decider = Objects.requireNonNull(decider, "decider");
        this.commandType = Objects.requireNonNull(commandType, "commandType");
        this.eventType = Objects.requireNonNull(eventType, "eventType");
        this.stateType = Objects.requireNonNull(stateType, "stateType");
        this.commandsByName = namedRecords(commandType, AggregateType::commandNameOf, "command");
        this.commandNames = inverse(commandsByName);
        this.eventsByName = namedRecords(eventType, AggregateType::eventNameOf, "event");
        this.eventNames = inverse(eventsByName);
    }

    public static <C, E, S> AggregateType<C, E, S> of(String name, Decider<C, E, S> decider, Class<C> commandType,
                                                      Class<E> eventType, Class<S> stateType) {
        return new AggregateType<>(name, decider, commandType, eventType, stateType);
    }

    public String name() {
        return name;
    }

    public Decider<C, E, S> decider() {
        return decider;
    }

    public Class<C> commandType() {
        return commandType;
    }

    public Class<E> eventType() {
        return eventType;
    }

    public Class<S> stateType() {
        return stateType;
    }

    /** Command names in the order the sealed interface permits them. */
    public Set<String> commandNames() {
        return commandsByName.keySet();
    }

    public Optional<Class<? extends C>> commandClass(String commandName) {
        return Optional.ofNullable(commandsByName.get(commandName));
    }

    public String commandName(C command) {
        return nameIn(commandNames, command, "command");
    }

    /** Event names in the order the sealed interface permits them. */
    public Set<String> eventNames() {
        return eventsByName.keySet();
    }

    public Optional<Class<? extends E>> eventClass(String eventName) {
        return Optional.ofNullable(eventsByName.get(eventName));
    }

    public String eventName(E event) {
        return nameIn(eventNames, event, "event");
    }

    /** The CloudEvents type of an event name: {@code bank-account.MoneyDeposited}. */
    public String cloudEventType(String eventName) {
        return name + "." + eventName;
    }

    @Override
    public String toString() {
        return "AggregateType[" + name + "]";
    }

    private String nameIn(Map<Class<?>, String> names, Object value, String what) {
        String found = names.get(Objects.requireNonNull(value, what).getClass());
        if (found == null) {
            throw new IllegalArgumentException(value.getClass().getName() + " is not a " + what + " of " + name);
        }
        return found;
    }

    static String commandNameOf(Class<?> record) {
        String declared = declaredName(record);
        String commandName = declared != null ? declared : kebabCase(record.getSimpleName());
        if (!TypeName.isValid(commandName)) {
            throw new IllegalArgumentException("command " + record.getName() + " has the name \"" + commandName
                    + "\"; command names are lower-case kebab-case");
        }
        return commandName;
    }

    static String eventNameOf(Class<?> record) {
        String declared = declaredName(record);
        String eventName = declared != null ? declared : record.getSimpleName();
        if (!EVENT_NAME.matcher(eventName).matches()) {
            throw new IllegalArgumentException("event " + record.getName() + " has the name \"" + eventName
                    + "\"; event names are PascalCase letters and digits");
        }
        return eventName;
    }

    /** {@code CompletePurchase} → {@code complete-purchase}; {@code OpenATMCard} → {@code open-atm-card}. */
    static String kebabCase(String simpleName) {
        return simpleName
                .replaceAll("([a-z0-9])([A-Z])", "$1-$2")
                .replaceAll("([A-Z])([A-Z][a-z])", "$1-$2")
                .toLowerCase(Locale.ROOT);
    }

    private static String declaredName(Class<?> record) {
        JsonTypeName annotation = record.getAnnotation(JsonTypeName.class);
        return annotation == null || annotation.value().isEmpty() ? null : annotation.value();
    }

    /** Walks a sealed hierarchy down to its records and names each one; names must be unique. */
    private static <T> Map<String, Class<? extends T>> namedRecords(Class<T> root,
                                                                    Function<Class<?>, String> naming,
                                                                    String what) {
        if (!root.isSealed()) {
            throw new IllegalArgumentException(what + "s of an aggregate type are a sealed interface of records; "
                    + root.getName() + " is not sealed");
        }
        Map<String, Class<? extends T>> byName = new LinkedHashMap<>();
        Deque<Class<?>> pending = new ArrayDeque<>(List.of(root.getPermittedSubclasses()));
        while (!pending.isEmpty()) {
            Class<?> candidate = pending.removeFirst();
            if (candidate.isSealed() && candidate.isInterface()) {
                pending.addAll(List.of(candidate.getPermittedSubclasses()));
                continue;
            }
            if (!candidate.isRecord()) {
                throw new IllegalArgumentException(what + " " + candidate.getName() + " must be a record");
            }
            String recordName = naming.apply(candidate);
            Class<? extends T> previous = byName.putIfAbsent(recordName, candidate.asSubclass(root));
            if (previous != null) {
                throw new IllegalArgumentException(what + "s " + previous.getName() + " and " + candidate.getName()
                        + " share the name \"" + recordName + "\"");
            }
        }
        if (byName.isEmpty()) {
            throw new IllegalArgumentException(root.getName() + " permits no " + what + " records");
        }
        return Collections.unmodifiableMap(byName);
    }

    private static Map<Class<?>, String> inverse(Map<String, ? extends Class<?>> byName) {
        Map<Class<?>, String> byClass = new LinkedHashMap<>();
        byName.forEach((recordName, type) -> byClass.put(type, recordName));
        return Collections.unmodifiableMap(byClass);
    }
}
