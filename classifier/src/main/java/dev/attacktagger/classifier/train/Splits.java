package dev.attacktagger.classifier.train;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * Decides which side of the train/validation cut a unit falls on, by a hash of its key: a report's normalised title, a
 * software's or group's STIX id. The same key always falls on the same side, whatever else changes in the data.
 */
final class Splits {

    private Splits() {}

    /** Whether the unit with this key is held out for validation; {@code percent} of keys are. */
    static boolean isValidation(String key, int percent, String salt) {
        return bucket(key, salt) < percent;
    }

    /** The unit's place in 0..99, fixed by a hash of its key: units below a cut-off are validation. */
    static int bucket(String key, String salt) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] hash = digest.digest((salt + "|" + key).getBytes(StandardCharsets.UTF_8));
            int value = ((hash[0] & 0xFF) << 8) | (hash[1] & 0xFF);
            return value % 100;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** A report title reduced to lower-case letters and digits, so that punctuation differences do not split a report. */
    static String titleKey(String title) {
        return title.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", "");
    }
}
