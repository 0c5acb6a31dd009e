package dev.annals.command.processor;

import dev.annals.core.reply.CommandReply;

/**
 * The first answer to a command with an idempotency key, as the outcome store keeps it for the idempotency window.
 *
 * @param fingerprint what the client asked (command, body, precondition): the same key with another request is
 *                    refused rather than answered with this reply
 * @param answeredAt  when the processor gave the answer, epoch milliseconds; the window is counted from it
 * @param reply       the answer, given again to every retry within the window
 */
public record RememberedOutcome(String fingerprint, long answeredAt, CommandReply reply) {
}
