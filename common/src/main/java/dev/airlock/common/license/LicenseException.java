package dev.airlock.common.license;

/** A license file cannot be used: unreadable, tampered, signed by an unknown key. The message names the file. */
public class LicenseException extends RuntimeException {

    /**
     * @param message what is wrong, naming the file
     */
    public LicenseException(String message) {
        super(message);
    }
}
