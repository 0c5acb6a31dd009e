package dev.annals.devstack;

/** A database login. devstack's passwords are for a developer's machine only. */
public record Credentials(String username, String password) {
}
