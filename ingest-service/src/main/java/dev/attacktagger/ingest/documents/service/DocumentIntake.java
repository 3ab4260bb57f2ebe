package dev.attacktagger.ingest.documents.service;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Singleton;

import dev.attacktagger.ingest.common.rest.ApiException;
import dev.attacktagger.ingest.common.rest.FieldError;
import dev.attacktagger.ingest.config.IngestBeans;
import dev.attacktagger.ingest.extraction.FormatCheck;
import dev.attacktagger.ingest.extraction.PublishedDates;
import dev.attacktagger.ingest.fetch.FetchException;
import dev.attacktagger.ingest.fetch.GuardedFetcher;
import dev.attacktagger.ingest.fetch.UrlGuard;
import dev.attacktagger.ingest.jobs.model.JobKind;
import dev.attacktagger.ingest.jobs.model.NewJob;
import dev.attacktagger.ingest.jobs.service.JobService;

/**
 * Checks what is submitted and turns it into a job. What tag-service or classify-service would refuse later is refused
 * here, naming the field, so that an accepted job does not fail on the caller's metadata.
 */
@Singleton
public class DocumentIntake {

    /** tag-service's limits on a report's metadata. */
    static final int MAX_TITLE = 1000;

    static final int MAX_SOURCE = 500;
    static final int MAX_URL = 4000;
    private static final String NUL_MESSAGE = "must not contain NUL characters (\\u0000)";

    private final JobService jobs;
    private final FormatCheck formats;
    private final GuardedFetcher fetcher;
    private final long maxBytes;
    private final long maxTextBytes;

    DocumentIntake(JobService jobs, FormatCheck formats, GuardedFetcher fetcher, IngestBeans settings) {
        this.jobs = jobs;
        this.formats = formats;
        this.fetcher = fetcher;
        this.maxBytes = settings.maxUploadBytes();
        this.maxTextBytes = settings.maxTextBytes();
    }

    /** Who submits, and the metadata given with the document. */
    public record Submission(
            String organisation, String requestedBy, String title, String source, String url, String publishedAt) {}

    /** An uploaded file. */
    public UUID upload(Submission submission, String fileName, String mediaType, byte[] bytes) {
        List<FieldError> errors = new ArrayList<>(metadataErrors(submission));
        if (bytes.length == 0) {
            errors.add(new FieldError("file", "the file is empty"));
        }
        if (fileName != null && fileName.indexOf('\0') >= 0) {
            errors.add(new FieldError("file", "the file name " + NUL_MESSAGE));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        checkSize(bytes.length);
        Optional<String> unreadable = formats.unreadable(bytes, fileName, mediaType);
        if (unreadable.isPresent()) {
            throw new ApiException(
                    415,
                    "Unsupported Media Type",
                    "the file's format (" + unreadable.get() + ") is not read by this service: send "
                            + FormatCheck.READABLE_LIST);
        }
        return jobs.submit(new NewJob(
                JobKind.FILE,
                submission.organisation(),
                submission.requestedBy(),
                blankToNull(submission.title()),
                blankToNull(submission.source()),
                blankToNull(submission.url()),
                date(submission.publishedAt()),
                fileName,
                mediaType,
                bytes,
                null));
    }

    /** Text, or a URL to fetch, posted as JSON. */
    public UUID submit(Submission submission, String text) {
        List<FieldError> errors = new ArrayList<>(metadataErrors(submission));
        boolean hasText = text != null && !text.isBlank();
        boolean hasUrl = submission.url() != null && !submission.url().isBlank();
        if (!hasText && !hasUrl) {
            errors.add(new FieldError("text", "either text or url is required"));
        }
        if (hasText && text.indexOf('\0') >= 0) {
            errors.add(new FieldError("text", NUL_MESSAGE));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        if (hasText) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            checkSize(bytes.length);
            checkTextSize(bytes.length);
            return jobs.submit(new NewJob(
                    JobKind.TEXT,
                    submission.organisation(),
                    submission.requestedBy(),
                    blankToNull(submission.title()),
                    blankToNull(submission.source()),
                    blankToNull(submission.url()),
                    date(submission.publishedAt()),
                    null,
                    "text/plain",
                    bytes,
                    null));
        }
        try {
            fetcher.check(URI.create(submission.url().strip()));
        } catch (FetchException e) {
            // A host that does not resolve now may later: only a refusal is the caller's mistake.
            if (e.kind() == FetchException.Kind.REFUSED) {
                throw ApiException.invalid(List.of(new FieldError("url", e.getMessage())));
            }
        }
        return jobs.submit(new NewJob(
                JobKind.URL,
                submission.organisation(),
                submission.requestedBy(),
                blankToNull(submission.title()),
                blankToNull(submission.source()),
                submission.url().strip(),
                date(submission.publishedAt()),
                null,
                null,
                null,
                null));
    }

    private void checkSize(long size) {
        if (size > maxBytes) {
            throw new ApiException(
                    413,
                    "Content Too Large",
                    "the document is " + size + " bytes, more than the upload limit of " + maxBytes + " bytes");
        }
    }

    /** Text sent as JSON goes to classify-service whole: longer than it takes, the job could only fail. */
    private void checkTextSize(long size) {
        if (size > maxTextBytes) {
            throw new ApiException(
                    413,
                    "Content Too Large",
                    "the text is " + size + " bytes in UTF-8, more than the " + maxTextBytes
                            + " bytes classify-service takes for one document; split it and send the parts");
        }
    }

    private static List<FieldError> metadataErrors(Submission submission) {
        List<FieldError> errors = new ArrayList<>();
        checkText(errors, "title", submission.title(), MAX_TITLE);
        checkText(errors, "source", submission.source(), MAX_SOURCE);
        if (checkText(errors, "url", submission.url(), MAX_URL)) {
            urlError(submission.url()).ifPresent(errors::add);
        }
        String published = submission.publishedAt();
        if (checkText(errors, "publishedAt", published, Integer.MAX_VALUE)
                && published != null
                && !published.isBlank()
                && date(published) == null) {
            errors.add(new FieldError("publishedAt", "must be a date (yyyy-MM-dd) or an ISO-8601 timestamp"));
        } else if (published != null && !published.isBlank() && !PublishedDates.storable(date(published))) {
            errors.add(new FieldError("publishedAt", "must be " + PublishedDates.RANGE));
        }
        return errors;
    }

    /**
     * Adds an error when the value holds NUL (PostgreSQL refuses it in text) or is longer than tag-service takes.
     *
     * @return whether the value passed, so that further checks of it make sense
     */
    private static boolean checkText(List<FieldError> errors, String field, String value, int maxLength) {
        if (value == null) {
            return true;
        }
        if (value.indexOf('\0') >= 0) {
            errors.add(new FieldError(field, NUL_MESSAGE));
            return false;
        }
        if (value.strip().length() > maxLength) {
            errors.add(new FieldError(field, "must be at most " + maxLength + " characters"));
            return false;
        }
        return true;
    }

    private static Optional<FieldError> urlError(String url) {
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(url.strip());
            Optional<String> ambiguous = UrlGuard.ambiguousAddress(uri);
            if (ambiguous.isPresent()) {
                return Optional.of(new FieldError("url", ambiguous.get()));
            }
            return UrlGuard.isWebUrl(uri)
                    ? Optional.empty()
                    : Optional.of(new FieldError("url", "must be an absolute http or https URL"));
        } catch (URISyntaxException e) {
            return Optional.of(new FieldError("url", "is not a URL: " + e.getReason()));
        }
    }

    /** A date as {@code yyyy-MM-dd}; null for none or one that cannot be read. */
    static String date(String written) {
        if (written == null || written.isBlank()) {
            return null;
        }
        String value = written.strip();
        try {
            return LocalDate.parse(value).toString();
        } catch (DateTimeParseException notDate) {
            try {
                return OffsetDateTime.parse(value).toLocalDate().toString();
            } catch (DateTimeParseException notTimestamp) {
                return null;
            }
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
