package dev.attacktagger.kb;

/** Thrown when a file cannot be read as an ATT&amp;CK STIX bundle; the message names the file and the problem. */
public class AttackBundleException extends RuntimeException {

    public AttackBundleException(String message) {
        super(message);
    }

    public AttackBundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
