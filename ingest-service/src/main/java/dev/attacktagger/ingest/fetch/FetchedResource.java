package dev.attacktagger.ingest.fetch;

import java.net.URI;

/**
 * A fetched page or file.
 *
 * @param uri where it was found, after redirects
 * @param contentType the {@code Content-Type} without parameters, or null
 * @param body the bytes
 */
public record FetchedResource(URI uri, String contentType, byte[] body) {

    /** The last path segment of the URI, for format detection, or {@code "page"} when it has none. */
    public String fileName() {
        String path = uri.getPath();
        if (path == null || path.isEmpty() || path.endsWith("/")) {
            return "page";
        }
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
