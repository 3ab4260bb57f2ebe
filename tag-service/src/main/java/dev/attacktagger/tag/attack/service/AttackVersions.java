package dev.attacktagger.tag.attack.service;

/** Orders ATT&amp;CK versions such as {@code 17.1} and {@code 18.1} numerically, part by part. */
final class AttackVersions {

    private AttackVersions() {}

    /** Negative when {@code a} is older than {@code b}; a version that is not numeric sorts before every number. */
    static int compare(String a, String b) {
        String[] left = a.split("\\.");
        String[] right = b.split("\\.");
        for (int i = 0; i < Math.max(left.length, right.length); i++) {
            long x = i < left.length ? parse(left[i]) : 0;
            long y = i < right.length ? parse(right[i]) : 0;
            if (x != y) {
                return Long.compare(x, y);
            }
        }
        return 0;
    }

    private static long parse(String part) {
        try {
            return Long.parseLong(part.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
