package dev.attacktagger.ingest.extraction;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.apache.tika.config.TikaConfig;
import org.apache.tika.detect.Detector;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;

/**
 * Tells at upload time whether a file is of a kind the service reads, so that an image or an archive is refused with
 * 415 at once instead of becoming a failed job. Files whose format cannot be told ({@code application/octet-stream})
 * are let through: the extractor has the last word, in the job.
 */
public final class FormatCheck {

    /** What the service is meant to read, besides any {@code text/*}. */
    static final Set<String> READABLE = Set.of(
            "application/pdf",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.ms-word.document.macroenabled.12",
            "application/msword",
            "application/rtf",
            "application/xhtml+xml",
            "application/vnd.oasis.opendocument.text",
            "application/json",
            "application/stix+json",
            "application/x-tika-ooxml",
            "application/x-tika-msoffice",
            "application/octet-stream");

    public static final String READABLE_LIST = "PDF, DOCX, DOC, RTF, HTML, TXT, Markdown or a STIX 2.1 bundle (JSON)";

    private final Detector detector = TikaConfig.getDefaultConfig().getDetector();

    /** The detected media type when it is one the service does not read; empty when the file may be sent on. */
    public Optional<String> unreadable(byte[] bytes, String fileName, String declaredMediaType) {
        String type = detect(bytes, fileName, declaredMediaType);
        if (type.startsWith("text/") || READABLE.contains(type)) {
            return Optional.empty();
        }
        return Optional.of(type);
    }

    private String detect(byte[] bytes, String fileName, String declaredMediaType) {
        Metadata metadata = new Metadata();
        if (fileName != null && !fileName.isBlank()) {
            metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, fileName);
        }
        if (declaredMediaType != null && !declaredMediaType.isBlank()) {
            metadata.set(Metadata.CONTENT_TYPE, declaredMediaType);
        }
        try (TikaInputStream stream = TikaInputStream.get(bytes)) {
            return detector.detect(stream, metadata).getBaseType().toString().toLowerCase(Locale.ROOT);
        } catch (IOException e) {
            return "application/octet-stream";
        }
    }
}
