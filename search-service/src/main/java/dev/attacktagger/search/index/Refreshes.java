package dev.attacktagger.search.index;

import java.util.Locale;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.opensearch.client.opensearch._types.Refresh;

/**
 * When writes become visible to searches: {@code attacktagger.search.refresh} = {@code false} (the default: within the
 * index's refresh interval, a second), {@code wait_for} or {@code true} (at once; for tests, costly under load).
 */
@Singleton
public class Refreshes {

    private final Refresh refresh;

    public Refreshes(@ConfigProperty(name = "attacktagger.search.refresh", defaultValue = "false") String written) {
        this.refresh = switch (written.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> Refresh.True;
            case "wait_for" -> Refresh.WaitFor;
            case "false" -> Refresh.False;
            default ->
                throw new IllegalArgumentException(
                        "attacktagger.search.refresh must be false, true or wait_for, found " + written);
        };
    }

    public Refresh writes() {
        return refresh;
    }
}
