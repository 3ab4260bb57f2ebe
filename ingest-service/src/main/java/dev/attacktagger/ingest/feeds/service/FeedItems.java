package dev.attacktagger.ingest.feeds.service;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;

/**
 * The items of an RSS 2.0 or Atom document, read with ROME. Document type declarations are refused, which keeps
 * external entities (XXE) and entity expansion out.
 */
public final class FeedItems {

    private FeedItems() {}

    /**
     * An item of a feed.
     *
     * @param key what identifies it for good: its guid or Atom id, else its link
     * @param link the page of the post
     * @param publishedAt its date as {@code yyyy-MM-dd}, or null
     */
    public record Item(String key, String link, String title, String publishedAt) {}

    /**
     * Parses a feed document.
     *
     * @throws IllegalArgumentException when it is not a readable RSS or Atom feed; the message says why
     */
    public static List<Item> parse(byte[] document) {
        SyndFeed feed;
        try {
            SyndFeedInput input = new SyndFeedInput();
            input.setAllowDoctypes(false);
            feed = input.build(new XmlReader(new ByteArrayInputStream(document)));
        } catch (FeedException | IOException e) {
            throw new IllegalArgumentException("not a readable RSS or Atom feed: " + e.getMessage(), e);
        }
        List<Item> items = new ArrayList<>();
        for (SyndEntry entry : feed.getEntries()) {
            String link = blankToNull(entry.getLink());
            String key = blankToNull(entry.getUri());
            if (key == null) {
                key = link;
            }
            if (key == null) {
                continue;
            }
            Date published = entry.getPublishedDate() != null ? entry.getPublishedDate() : entry.getUpdatedDate();
            items.add(new Item(
                    key,
                    link,
                    blankToNull(entry.getTitle()),
                    published == null
                            ? null
                            : published
                                    .toInstant()
                                    .atOffset(ZoneOffset.UTC)
                                    .toLocalDate()
                                    .toString()));
        }
        return items;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
