package dev.annals.devstack.service;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * A little history to look at after {@code devstack up}: sent through the command API like any client's, so it is
 * in the event log and every projection. A command that is refused (the account exists from a kept data
 * directory) is fine.
 */
public final class DemoData {

    private record Command(String path, String body) {
    }

    private static final List<Command> BANK = List.of(
            new Command("/api/bank-account/demo-ann/open", "{\"owner\":\"ann\"}"),
            new Command("/api/bank-account/demo-ann/deposit", "{\"amount\":10000}"),
            new Command("/api/bank-account/demo-ann/withdraw", "{\"amount\":2500}"),
            new Command("/api/bank-account/demo-bob/open", "{\"owner\":\"bob\"}"),
            new Command("/api/bank-account/demo-bob/deposit", "{\"amount\":500}"));

    private DemoData() {
    }

    /** Sends the demo commands; returns how many were accepted. */
    public static int send(String commandServiceUrl) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        int accepted = 0;
        for (Command command : BANK) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(commandServiceUrl + command.path()))
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(15))
                    .POST(HttpRequest.BodyPublishers.ofString(command.body()))
                    .build();
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    accepted++;
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot send demo data to " + commandServiceUrl + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while sending demo data", e);
            }
        }
        return accepted;
    }
}
