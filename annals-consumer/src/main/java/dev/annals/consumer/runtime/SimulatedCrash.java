package dev.annals.consumer.runtime;

/** Thrown at an armed {@link FaultPoint}; never retried, never dead-lettered. */
final class SimulatedCrash extends RuntimeException {

    SimulatedCrash(FaultPoint point) {
        super("simulated crash at " + point, null, false, false);
    }
}
