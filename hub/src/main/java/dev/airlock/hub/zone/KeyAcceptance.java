package dev.airlock.hub.zone;

/**
 * An administrator accepts the key a zone offers, naming it to show it is the one they checked with the zone's
 * operators.
 *
 * @param keyId the offered key's id
 */
public record KeyAcceptance(String keyId) {
}
