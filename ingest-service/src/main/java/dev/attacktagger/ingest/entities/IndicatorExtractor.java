package dev.attacktagger.ingest.entities;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds indicators of compromise in a report's text: IPv4 and IPv6 addresses, domains, URLs, MD5, SHA-1 and SHA-256
 * hashes, CVE ids and e-mail addresses, also when written defanged ({@code hxxp://evil[.]example}, {@code 203.0.113[.]7},
 * {@code user[at]example[.]com}). Values are returned refanged, in order of first appearance, each once.
 *
 * <p>Domains are only accepted when their last label is a common top-level domain, which keeps file names such as
 * {@code cmd.exe} or {@code setup.py} out; top-level domains that are also common file extensions ({@code .py},
 * {@code .sh}, {@code .md}, {@code .zip}...) are left out of that list on purpose, so a domain under one of them is
 * missed. A host inside a URL or an e-mail address is not reported again as a domain or address of its own.
 *
 * <p>Thread-safe and stateless.
 */
public final class IndicatorExtractor {

    private static final Set<String> TOP_LEVEL_DOMAINS = Set.of(
            "com", "net", "org", "info", "biz", "io", "co", "me", "tv", "ws", "mobi", "pro", "xyz", "top", "online",
            "site", "club", "live", "pw", "tk", "ml", "ga", "cf", "gq", "icu", "vip", "shop", "store", "work", "space",
            "tech", "fun", "host", "website", "cloud", "app", "dev", "link", "click", "ltd", "gov", "edu", "mil", "int",
            "onion", "lol", "buzz", "cyou", "monster", "ru", "su", "cn", "uk", "de", "fr", "jp", "kr", "kp", "ir", "in",
            "br", "nl", "it", "es", "ua", "by", "kz", "tr", "vn", "th", "my", "sg", "hk", "tw", "au", "ca", "us", "eu",
            "ch", "at", "be", "se", "no", "fi", "dk", "cz", "sk", "hu", "ro", "bg", "gr", "pt", "ie", "il", "ae", "sa",
            "pk", "bd", "ng", "za", "mx", "ar", "cl", "pe", "ve", "ly", "gl", "gg", "nz", "ph", "lt", "lv", "ee", "si",
            "hr");

    /** Longer URLs are not kept: tag-service takes indicator values of up to 2048 characters. */
    static final int MAX_URL_LENGTH = 2048;

    private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?|ftp)://[^\\s<>\"'`{}|\\\\^\\[\\]]+");
    private static final Pattern EMAIL = Pattern.compile(
            "(?<![\\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+"
                    + "[A-Za-z]{2,24})(?![\\w-]|\\.[A-Za-z0-9])");
    private static final Pattern CVE = Pattern.compile("(?i)(?<![\\w-])CVE-\\d{4}-\\d{4,7}(?![\\w-])");
    private static final Pattern HASH = Pattern.compile("(?<![0-9A-Za-z])[0-9A-Fa-f]{32,64}(?![0-9A-Za-z])");
    private static final Pattern IPV4 =
            Pattern.compile("(?<![\\w.])(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?![\\w]|\\.\\d)");
    private static final Pattern IPV6 = Pattern.compile(
            "(?<![\\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|\\d{1,3}(?:\\.\\d{1,3}){3})?(?![\\w:])");
    private static final Pattern DOMAIN =
            Pattern.compile("(?<![\\w@.\\\\/-])((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+([A-Za-z]{2,24}))"
                    + "(?![\\w-]|\\.[A-Za-z0-9])");

    private static final Pattern DEFANGED_SCHEME = Pattern.compile("(?i)\\bhxxp(s?)(\\[:\\]|:)//");
    private static final Pattern DEFANGED_DOT = Pattern.compile("(?i)\\[\\.\\]|\\(\\.\\)|\\{\\.\\}|\\[dot\\]");
    private static final Pattern DEFANGED_COLON = Pattern.compile("\\[:\\]");
    private static final Pattern DEFANGED_AT = Pattern.compile("(?i)\\s?\\[(?:at|@)\\]\\s?|\\(@\\)");

    /**
     * The indicators of {@code text}, refanged, each once, in the order they first appear.
     *
     * @param text a report's text as written; null or blank gives an empty list
     */
    public List<Indicator> extract(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        String plain = refang(text);
        List<Found> found = new ArrayList<>();
        List<int[]> taken = new ArrayList<>();

        Matcher url = URL.matcher(plain);
        while (url.find()) {
            String value = trimUrl(url.group());
            if (value.indexOf("://") + 3 < value.length() && value.length() <= MAX_URL_LENGTH) {
                found.add(new Found(url.start(), new Indicator("url", value)));
                taken.add(new int[] {url.start(), url.start() + value.length()});
            }
        }
        Matcher email = EMAIL.matcher(plain);
        while (email.find()) {
            if (!inside(taken, email.start()) && isTopLevelDomain(email.group(1))) {
                String local = email.group().substring(0, email.group().indexOf('@'));
                found.add(new Found(
                        email.start(),
                        new Indicator("email", local + "@" + email.group(1).toLowerCase(Locale.ROOT))));
                taken.add(new int[] {email.start(), email.end()});
            }
        }
        Matcher cve = CVE.matcher(plain);
        while (cve.find()) {
            found.add(new Found(cve.start(), new Indicator("cve", cve.group().toUpperCase(Locale.ROOT))));
        }
        Matcher hash = HASH.matcher(plain);
        while (hash.find()) {
            String type = switch (hash.group().length()) {
                case 32 -> "md5";
                case 40 -> "sha1";
                case 64 -> "sha256";
                default -> null;
            };
            if (type != null) {
                found.add(
                        new Found(hash.start(), new Indicator(type, hash.group().toLowerCase(Locale.ROOT))));
            }
        }
        Matcher ipv4 = IPV4.matcher(plain);
        while (ipv4.find()) {
            if (!inside(taken, ipv4.start()) && isDottedQuad(ipv4)) {
                found.add(new Found(ipv4.start(), new Indicator("ipv4", ipv4.group())));
            }
        }
        Matcher ipv6 = IPV6.matcher(plain);
        while (ipv6.find()) {
            if (!inside(taken, ipv6.start()) && isIpv6(ipv6.group())) {
                found.add(new Found(
                        ipv6.start(), new Indicator("ipv6", ipv6.group().toLowerCase(Locale.ROOT))));
            }
        }
        Matcher domain = DOMAIN.matcher(plain);
        while (domain.find()) {
            String tld = domain.group(2);
            // "ASP.NET" or "Node.JS": a top-level domain written in capitals is a product name, not a host.
            boolean capitalTld = !tld.equals(tld.toLowerCase(Locale.ROOT));
            if (!inside(taken, domain.start()) && !capitalTld && isTopLevelDomain(domain.group(1))) {
                found.add(new Found(
                        domain.start(), new Indicator("domain", domain.group(1).toLowerCase(Locale.ROOT))));
            }
        }

        found.sort(Comparator.comparingInt(Found::position));
        Set<Indicator> unique = new LinkedHashSet<>();
        found.forEach(f -> unique.add(f.indicator()));
        return List.copyOf(unique);
    }

    /** The text with the usual defanging undone: {@code hxxp}, {@code [.]}, {@code (.)}, {@code [:]}, {@code [at]}. */
    public static String refang(String text) {
        String plain = DEFANGED_SCHEME.matcher(text).replaceAll("http$1://");
        plain = DEFANGED_DOT.matcher(plain).replaceAll(".");
        plain = DEFANGED_COLON.matcher(plain).replaceAll(":");
        return DEFANGED_AT.matcher(plain).replaceAll("@");
    }

    private static String trimUrl(String url) {
        int end = url.length();
        while (end > 0) {
            char last = url.charAt(end - 1);
            if (".,;:!?'\"".indexOf(last) >= 0) {
                end--;
            } else if (last == ')' && count(url, '(', end) < count(url, ')', end)) {
                end--;
            } else {
                break;
            }
        }
        return url.substring(0, end);
    }

    private static int count(String text, char wanted, int end) {
        int count = 0;
        for (int i = 0; i < end; i++) {
            if (text.charAt(i) == wanted) {
                count++;
            }
        }
        return count;
    }

    private static boolean isTopLevelDomain(String host) {
        String tld = host.substring(host.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return TOP_LEVEL_DOMAINS.contains(tld);
    }

    private static boolean isDottedQuad(Matcher matcher) {
        for (int group = 1; group <= 4; group++) {
            String part = matcher.group(group);
            if (part.length() > 1 && part.charAt(0) == '0') {
                return false;
            }
            if (Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /** Strict IPv6 syntax: eight groups, or fewer with exactly one {@code ::}, optionally ending in a dotted quad. */
    static boolean isIpv6(String candidate) {
        String value = candidate;
        int lastColon = value.lastIndexOf(':');
        String tail = value.substring(lastColon + 1);
        if (tail.contains(".")) {
            Matcher quad = IPV4.matcher(tail);
            if (!quad.matches() || !isDottedQuad(quad)) {
                return false;
            }
            // An embedded IPv4 address stands for the last two groups.
            value = value.substring(0, lastColon + 1) + "0:0";
        }
        int compressed = value.indexOf("::");
        if (compressed >= 0 && value.indexOf("::", compressed + 1) >= 0) {
            return false;
        }
        if (compressed < 0) {
            String[] groups = value.split(":", -1);
            return groups.length == 8 && allHex(groups, 0, groups.length);
        }
        String head = value.substring(0, compressed);
        String rest = value.substring(compressed + 2);
        String[] before = head.isEmpty() ? new String[0] : head.split(":", -1);
        String[] after = rest.isEmpty() ? new String[0] : rest.split(":", -1);
        if (before.length + after.length > 7 || before.length + after.length == 0) {
            return false;
        }
        return allHex(before, 0, before.length) && allHex(after, 0, after.length);
    }

    private static boolean allHex(String[] groups, int from, int to) {
        for (int i = from; i < to; i++) {
            String group = groups[i];
            if (group.isEmpty() || group.length() > 4) {
                return false;
            }
            for (int c = 0; c < group.length(); c++) {
                if (Character.digit(group.charAt(c), 16) < 0) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean inside(List<int[]> spans, int position) {
        for (int[] span : spans) {
            if (position >= span[0] && position < span[1]) {
                return true;
            }
        }
        return false;
    }

    private record Found(int position, Indicator indicator) {}
}
