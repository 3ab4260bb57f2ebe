package dev.attacktagger.ingest.jobs.service;

import java.time.Duration;

/** Exponential backoff: {@code initial}, doubling with every failed attempt, never more than {@code max}. */
public record Backoff(Duration initial, Duration max) {

    /** How long to wait after {@code attempts} failed attempts (0 for the first failure). */
    public Duration delay(int attempts) {
        int doublings = Math.min(Math.max(attempts, 0), 30);
        Duration delay = initial.multipliedBy(1L << doublings);
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
