package dev.attacktagger.ingest.entities;

/**
 * An indicator of compromise found in a report, refanged.
 *
 * @param type one of {@code ipv4}, {@code ipv6}, {@code domain}, {@code url}, {@code md5}, {@code sha1}, {@code sha256},
 *     {@code cve}, {@code email}
 * @param value the refanged value in its canonical form: hashes and domains lower-case, CVE ids upper-case
 */
public record Indicator(String type, String value) {}
