package dev.annals.core.consistency;

/** A consistency token that cannot be parsed; the message names the part at fault and why. */
public final class MalformedConsistencyTokenException extends IllegalArgumentException {

    public MalformedConsistencyTokenException(String message) {
        super("malformed consistency token: " + message);
    }
}
