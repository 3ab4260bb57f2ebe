package dev.attacktagger.ingest.extraction;

import java.io.InputStream;

import dev.attacktagger.classifier.text.ExtractedDocument;
import dev.attacktagger.classifier.text.ExtractionException;

/** Documents to text: the classifier's extractor, behind an interface so the pipeline does not hold its lifecycle. */
public interface TextExtractor {

    /**
     * The text of a document.
     *
     * @param fileName the document's file name, a hint for format detection; may be null
     * @param declaredMediaType the media type its sender declared, a hint; may be null
     * @throws ExtractionException when no text can be had; the message says why, for a person
     */
    ExtractedDocument extract(InputStream in, String fileName, String declaredMediaType) throws ExtractionException;
}
