package dev.annals.bench.http;

import java.util.Optional;

/** What one request got back: its status and, for a command, the consistency token to read it with. */
public record Answer(int status, Optional<String> consistencyToken) {

    public boolean ok() {
        return status >= 200 && status < 300;
    }
}
