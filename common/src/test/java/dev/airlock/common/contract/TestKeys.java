package dev.airlock.common.contract;

import java.security.PrivateKey;
import java.security.PublicKey;

import dev.airlock.common.crypto.Ed25519Keys;

/** The fixed Ed25519 key pair the golden fixtures are signed with. Test use only. */
public final class TestKeys {

    /** The key id the fixtures name. */
    public static final String KEY_ID = "test-hub-1";
    /** PKCS#8, base64. */
    public static final String PRIVATE_KEY = "MC4CAQAwBQYDK2VwBCIEII8N+avFx+FV8foVOlKd9KIBYHkTMNHebnf/i3b0triC";
    /** X.509, base64. */
    public static final String PUBLIC_KEY = "MCowBQYDK2VwAyEAtfh4W6Mf4V5ki1ASlg4bB3RrKMws+eArKBdEHFSHLvw=";

    private TestKeys() {
    }

    /** @return the private key */
    public static PrivateKey privateKey() {
        return Ed25519Keys.decodePrivate(PRIVATE_KEY, "TestKeys.PRIVATE_KEY");
    }

    /** @return the public key */
    public static PublicKey publicKey() {
        return Ed25519Keys.decodePublic(PUBLIC_KEY, "TestKeys.PUBLIC_KEY");
    }
}
