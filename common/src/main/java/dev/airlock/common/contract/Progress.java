package dev.airlock.common.contract;

/**
 * How far an active worker is.
 *
 * @param phase a word from the worker's phases ({@code read}, {@code train}, {@code sample}, {@code evaluate},
 *        {@code write})
 * @param fraction from 0 to 1
 */
public record Progress(String phase, double fraction) {
}
