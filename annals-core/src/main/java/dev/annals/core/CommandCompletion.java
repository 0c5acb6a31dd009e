package dev.annals.core;

/**
 * Fills in a command's {@link ServerGenerated} components before it is sent: the gateway calls it once per
 * request, so the values it draws are fixed in the command and every replay of the log sees the same ones.
 *
 * @param <C> the type's commands
 */
@FunctionalInterface
public interface CommandCompletion<C> {

    /** Returns the command with its server-generated components set; other components must be left as they are. */
    C complete(C command, ServerValues values);

    /** For types whose commands generate nothing. */
    static <C> CommandCompletion<C> none() {
        return (command, values) -> command;
    }
}
