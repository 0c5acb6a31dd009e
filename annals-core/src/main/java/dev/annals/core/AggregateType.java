package dev.annals.core;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;

import java.lang.reflect.RecordComponent;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
 *
 * <p>A type may say whose each aggregate is ({@link #ownedBy}: a field of its state, such as an account's owner):
 * the read side then answers an aggregate's state, history and stream to its owner and the type's staff only.
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
    private final Set<String> creatingCommands;
    private final Map<String, Set<String>> serverGenerated;
    private final CommandCompletion<C> completion;
    private final Function<? super S, String> owner;
    private final Set<String> ownerOnly;

    private AggregateType(String name, Decider<C, E, S> decider, Class<C> commandType, Class<E> eventType,
                          Class<S> stateType, CommandCompletion<C> completion) {
        this.name = TypeName.require(name, "an aggregate type name");
        this.decider = Objects.requireNonNull(decider, "decider");
        this.commandType = Objects.requireNonNull(commandType, "commandType");
        this.eventType = Objects.requireNonNull(eventType, "eventType");
        this.stateType = Objects.requireNonNull(stateType, "stateType");
        this.commandsByName = namedRecords(commandType, AggregateType::commandNameOf, "command");
        this.commandNames = inverse(commandsByName);
        this.eventsByName = namedRecords(eventType, AggregateType::eventNameOf, "event");
        this.eventNames = inverse(eventsByName);
        this.creatingCommands = creatingCommands(commandsByName);
        this.serverGenerated = serverGenerated(commandsByName);
        this.completion = Objects.requireNonNull(completion, "completion");
        this.owner = null;
        this.ownerOnly = Set.of();
    }

    private AggregateType(AggregateType<C, E, S> type, Function<? super S, String> owner, Set<String> ownerOnly) {
        this.name = type.name;
        this.decider = type.decider;
        this.commandType = type.commandType;
        this.eventType = type.eventType;
        this.stateType = type.stateType;
        this.commandsByName = type.commandsByName;
        this.commandNames = type.commandNames;
        this.eventsByName = type.eventsByName;
        this.eventNames = type.eventNames;
        this.creatingCommands = type.creatingCommands;
        this.serverGenerated = type.serverGenerated;
        this.completion = type.completion;
        this.owner = owner;
        this.ownerOnly = Set.copyOf(ownerOnly);
    }

    /** A type whose commands carry only what the client sends (no {@link ServerGenerated} component). */
    public static <C, E, S> AggregateType<C, E, S> of(String name, Decider<C, E, S> decider, Class<C> commandType,
                                                      Class<E> eventType, Class<S> stateType) {
        AggregateType<C, E, S> type = new AggregateType<>(name, decider, commandType, eventType, stateType,
                CommandCompletion.none());
        if (!type.serverGenerated.isEmpty()) {
            throw new IllegalArgumentException(name + " has server-generated command components "
                    + type.serverGenerated + "; pass the CommandCompletion that fills them in");
        }
        return type;
    }

    /** A type some of whose commands have {@link ServerGenerated} components, filled in by {@code completion}. */
    public static <C, E, S> AggregateType<C, E, S> of(String name, Decider<C, E, S> decider, Class<C> commandType,
                                                      Class<E> eventType, Class<S> stateType,
                                                      CommandCompletion<C> completion) {
        return new AggregateType<>(name, decider, commandType, eventType, stateType, completion);
    }

    /**
     * This type, its aggregates each owned by the subject {@code owner} finds in its state ({@code null} while it
     * has none, as before its creation): the read side answers an aggregate's state, history and stream to its
     * owner and the type's staff ({@code annals.security.staff."<type>"}) only.
     */
    public AggregateType<C, E, S> ownedBy(Function<? super S, String> owner) {
        return new AggregateType<>(this, Objects.requireNonNull(owner, "owner"), ownerOnly);
    }

    /**
     * This type, the named fields of its state and events shown to the aggregate's owner alone (a food order's
     * delivery code, which its customer gives the deliverer): the read side leaves them out of what it answers
     * anyone else, staff included, and the command processor out of the events in its answer to anyone else.
     *
     * @throws IllegalStateException when the type names no owner ({@link #ownedBy} first)
     */
    public AggregateType<C, E, S> showingOnlyToItsOwner(String... fields) {
        if (owner == null) {
            throw new IllegalStateException(name + " names no owner to show " + List.of(fields) + " to");
        }
        return new AggregateType<>(this, owner, Set.of(fields));
    }

    /** The fields of the state and events the read side shows the owner alone; empty for most types. */
    public Set<String> ownerOnlyFields() {
        return ownerOnly;
    }

    /** Whether the type says whose its aggregates are. */
    public boolean hasOwner() {
        return owner != null;
    }

    /** The subject who owns an aggregate in this state; empty when it has none or the type names no owner. */
    public Optional<String> ownerOf(S state) {
        return owner == null ? Optional.empty() : Optional.ofNullable(owner.apply(state));
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

    /** Whether the command is marked {@link Creates}: it may be sent without an id, and only to a new aggregate. */
    public boolean creates(String commandName) {
        return creatingCommands.contains(commandName);
    }

    /** The names of the commands that create an aggregate, in declaration order. */
    public Set<String> creatingCommands() {
        return creatingCommands;
    }

    /** The JSON names of the command's {@link ServerGenerated} components; empty for most commands. */
    public Set<String> serverGenerated(String commandName) {
        return serverGenerated.getOrDefault(commandName, Set.of());
    }

    /**
     * Fills in the command's server-generated components.
     *
     * @throws IllegalStateException when the completion left one of them {@code null}, a bug in the domain
     */
    public C complete(C command, ServerValues values) {
        C completed = Objects.requireNonNull(completion.complete(command, values), "a completion returned null");
        for (RecordComponent component : completed.getClass().getRecordComponents()) {
            if (component.isAnnotationPresent(ServerGenerated.class) && valueOf(component, completed) == null) {
                throw new IllegalStateException(name + "'s completion left the server-generated "
                        + component.getName() + " of " + completed.getClass().getSimpleName() + " unset");
            }
        }
        return completed;
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

    private static <T> Set<String> creatingCommands(Map<String, Class<? extends T>> commands) {
        Set<String> creating = new LinkedHashSet<>();
        commands.forEach((commandName, record) -> {
            if (record.isAnnotationPresent(Creates.class)) {
                creating.add(commandName);
            }
        });
        return Collections.unmodifiableSet(creating);
    }

    private static <T> Map<String, Set<String>> serverGenerated(Map<String, Class<? extends T>> commands) {
        Map<String, Set<String>> generated = new LinkedHashMap<>();
        commands.forEach((commandName, record) -> {
            Set<String> components = new LinkedHashSet<>();
            for (RecordComponent component : record.getRecordComponents()) {
                if (!component.isAnnotationPresent(ServerGenerated.class)) {
                    continue;
                }
                if (component.getType().isPrimitive()) {
                    throw new IllegalArgumentException("server-generated " + record.getName() + "."
                            + component.getName() + " must have a reference type: it is null until completed");
                }
                components.add(jsonName(component));
            }
            if (!components.isEmpty()) {
                generated.put(commandName, Collections.unmodifiableSet(components));
            }
        });
        return Collections.unmodifiableMap(generated);
    }

    private static String jsonName(RecordComponent component) {
        JsonProperty property = component.getAnnotation(JsonProperty.class);
        return property != null && !property.value().isEmpty() ? property.value() : component.getName();
    }

    private static Object valueOf(RecordComponent component, Object record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + component + " of " + record.getClass().getName(), e);
        }
    }

    private static Map<Class<?>, String> inverse(Map<String, ? extends Class<?>> byName) {
        Map<Class<?>, String> byClass = new LinkedHashMap<>();
        byName.forEach((recordName, type) -> byClass.put(type, recordName));
        return Collections.unmodifiableMap(byClass);
    }
}
