package dev.attacktagger.ingest.fetch;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Decides whether a URL may be fetched: http or https only, and no host that resolves to an address inside the
 * machine or its networks (loopback, private, link-local, unique-local, carrier-grade NAT, cloud metadata, "this
 * network", multicast, reserved) unless the allowlist names the host or a range holding the address. Every address a
 * host resolves to is checked, so one public and one private address is refused.
 *
 * <p>An IPv4 address must be written the one way every client reads alike: four decimal numbers without leading zeros.
 * Other forms are refused as ambiguous: Java reads {@code 0177.0.0.1} as the public 177.0.0.1 while curl and browsers
 * read it as octal, the loopback 127.0.0.1; {@code 127.1}, {@code 0x7f.0.0.1} and {@code 2130706433} are loopback to
 * them as well.
 *
 * <p>The check resolves the name itself and the HTTP client resolves it again when it connects: a name whose DNS
 * answer changes between the two (DNS rebinding) is not caught. Closing that gap needs a client that connects to the
 * checked address, which {@code java.net.http} cannot be told to do.
 */
public final class UrlGuard {

    private static final List<Cidr> FORBIDDEN = List.of(
            Cidr.parse("0.0.0.0/8", "\"this network\""),
            Cidr.parse("10.0.0.0/8", "private"),
            Cidr.parse("100.64.0.0/10", "carrier-grade NAT"),
            Cidr.parse("127.0.0.0/8", "loopback"),
            Cidr.parse("169.254.0.0/16", "link-local (cloud metadata)"),
            Cidr.parse("172.16.0.0/12", "private"),
            Cidr.parse("192.0.0.0/24", "IETF protocol assignments"),
            Cidr.parse("192.168.0.0/16", "private"),
            Cidr.parse("198.18.0.0/15", "benchmarking"),
            Cidr.parse("224.0.0.0/4", "multicast"),
            Cidr.parse("240.0.0.0/4", "reserved"),
            Cidr.parse("::/128", "unspecified"),
            Cidr.parse("::1/128", "loopback"),
            Cidr.parse("fc00::/7", "unique-local (includes the fd00:ec2::254 cloud metadata address)"),
            Cidr.parse("fe80::/10", "link-local"),
            Cidr.parse("ff00::/8", "multicast"),
            Cidr.parse("64:ff9b::/96", "NAT64"),
            Cidr.parse("2001:db8::/32", "documentation"));

    /** A label that URL parsers (WHATWG) read as a number: decimal, or hexadecimal with {@code 0x}. */
    private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0[xX][0-9a-fA-F]*");

    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final Pattern CANONICAL_IPV4 = Pattern.compile("(" + OCTET + "\\.){3}" + OCTET);

    private final List<Cidr> allowedRanges = new ArrayList<>();
    private final List<String> allowedHosts = new ArrayList<>();

    /**
     * @param allow CIDR ranges ({@code 127.0.0.1/32}, {@code 10.1.0.0/16}), single addresses, or host names that may be
     *     fetched although they are internal
     */
    public UrlGuard(List<String> allow) {
        for (String entry : allow) {
            String value = entry.strip();
            if (value.isEmpty()) {
                continue;
            }
            if (value.contains("/") || looksLikeAddress(value)) {
                allowedRanges.add(Cidr.parse(
                        value.contains("/") ? value : value + (value.contains(":") ? "/128" : "/32"), "allowed"));
            } else {
                allowedHosts.add(value.toLowerCase(Locale.ROOT));
            }
        }
    }

    /**
     * Checks one URL (one hop of a redirect chain).
     *
     * @throws FetchException of kind {@code REFUSED} when it may not be fetched, {@code FAILED} when its host does not
     *     resolve
     */
    public void check(URI uri) throws FetchException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new FetchException(
                    FetchException.Kind.REFUSED,
                    "only http and https URLs are fetched, not "
                            + (scheme.isEmpty() ? "a relative URL" : scheme + ":"));
        }
        Optional<String> ambiguous = ambiguousAddress(uri);
        if (ambiguous.isPresent()) {
            throw new FetchException(FetchException.Kind.REFUSED, "refused to fetch " + uri + ": " + ambiguous.get());
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw new FetchException(FetchException.Kind.REFUSED, "the URL " + uri + " names no host");
        }
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (allowedHosts.contains(bare.toLowerCase(Locale.ROOT))) {
            return;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(bare);
        } catch (UnknownHostException e) {
            throw new FetchException(FetchException.Kind.FAILED, "the host " + bare + " does not resolve", e);
        }
        for (InetAddress address : addresses) {
            Optional<String> range = forbiddenRange(address);
            if (range.isPresent() && allowedRanges.stream().noneMatch(cidr -> cidr.contains(address))) {
                String shown = address.getHostAddress();
                String from = looksLikeAddress(bare) ? "" : " (" + bare + " resolves to it)";
                throw new FetchException(
                        FetchException.Kind.REFUSED,
                        "refused to fetch " + uri + ": " + shown + from + " is a " + range.get() + " address");
            }
        }
    }

    /** Whether the URI is an absolute http or https URL with a host: the only kind fetched, and tag-service keeps. */
    public static boolean isWebUrl(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
    }

    /**
     * Why the URL's host is an IPv4 address that clients read differently, if it is one: a host whose last label is a
     * number is taken for an IPv4 address by browsers and curl, and only the canonical dotted-decimal form means the
     * same address to all of them and to Java. {@link URI#getHost()} is null for some of these forms ({@code 127.1}),
     * so the host is taken from the authority.
     */
    public static Optional<String> ambiguousAddress(URI uri) {
        String host = hostOf(uri);
        if (host == null || host.startsWith("[")) {
            return Optional.empty();
        }
        String[] labels = host.split("\\.", -1);
        String last = labels[labels.length - 1];
        if (last.isEmpty() && labels.length > 1) {
            last = labels[labels.length - 2];
        }
        if (!NUMERIC_LABEL.matcher(last).matches()
                || CANONICAL_IPV4.matcher(host).matches()) {
            return Optional.empty();
        }
        return Optional.of("the host " + host + " is an ambiguous IPv4 address (clients read octal, hexadecimal and"
                + " shortened forms differently): write it as four decimal numbers from 0 to 255 without leading"
                + " zeros");
    }

    /** The host of a URL as written: {@link URI#getHost()}, else the authority without user info and port. */
    private static String hostOf(URI uri) {
        if (uri.getHost() != null) {
            return uri.getHost();
        }
        String authority = uri.getRawAuthority();
        if (authority == null) {
            return null;
        }
        String host = authority.substring(authority.lastIndexOf('@') + 1);
        int colon = host.lastIndexOf(':');
        return colon < 0 || host.startsWith("[") ? host : host.substring(0, colon);
    }

    /** The name of the forbidden range holding {@code address}, if any; IPv4-mapped IPv6 is checked as IPv4. */
    static Optional<String> forbiddenRange(InetAddress address) {
        InetAddress checked = unmapped(address);
        if (checked.getAddress().length == 4 && checked.getAddress()[0] == (byte) 255) {
            return Optional.of("broadcast");
        }
        return FORBIDDEN.stream()
                .filter(cidr -> cidr.contains(checked))
                .map(Cidr::label)
                .findFirst();
    }

    private static InetAddress unmapped(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address && bytes.length == 16) {
            boolean mapped = bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
            for (int i = 0; i < 10 && mapped; i++) {
                mapped = bytes[i] == 0;
            }
            if (mapped) {
                try {
                    return InetAddress.getByAddress(new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]});
                } catch (UnknownHostException e) {
                    throw new IllegalStateException("four bytes are an IPv4 address", e);
                }
            }
        }
        return address;
    }

    private static boolean looksLikeAddress(String value) {
        return value.matches("[0-9.]+") || value.contains(":");
    }

    /** An address range. */
    record Cidr(BigInteger network, int bits, int length, String label) {

        static Cidr parse(String written, String label) {
            int slash = written.indexOf('/');
            String address = slash < 0 ? written : written.substring(0, slash);
            try {
                // Only literal addresses reach here, so no name lookup happens.
                InetAddress parsed = InetAddress.getByName(address);
                byte[] bytes = parsed instanceof Inet4Address ? parsed.getAddress() : parsed.getAddress();
                int length = bytes.length * 8;
                int bits = slash < 0 ? length : Integer.parseInt(written.substring(slash + 1));
                if (bits < 0 || bits > length) {
                    throw new IllegalArgumentException("prefix length out of range in " + written);
                }
                return new Cidr(mask(new BigInteger(1, bytes), bits, length), bits, length, label);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("not an address range: " + written, e);
            }
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length * 8 != length) {
                return false;
            }
            return mask(new BigInteger(1, bytes), bits, length).equals(network);
        }

        private static BigInteger mask(BigInteger value, int bits, int length) {
            return value.shiftRight(length - bits).shiftLeft(length - bits);
        }
    }
}
