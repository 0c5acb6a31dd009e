package dev.annals.bench.http;

/** The {@code n}-th call of a run: which account it touches, what it sends. */
@FunctionalInterface
public interface CallSource {

    Call call(long n);
}
