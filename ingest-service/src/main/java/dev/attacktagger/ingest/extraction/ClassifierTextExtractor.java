package dev.attacktagger.ingest.extraction;

import java.io.IOException;
import java.io.InputStream;

import dev.attacktagger.classifier.text.DocumentExtractor;
import dev.attacktagger.classifier.text.ExtractedDocument;
import dev.attacktagger.classifier.text.ExtractionException;

/** The classifier module's {@link DocumentExtractor}, the one extractor of the product. */
public class ClassifierTextExtractor implements TextExtractor {

    private final DocumentExtractor extractor;

    public ClassifierTextExtractor(DocumentExtractor extractor) {
        this.extractor = extractor;
    }

    @Override
    public ExtractedDocument extract(InputStream in, String fileName, String declaredMediaType)
            throws ExtractionException {
        try {
            return extractor.extract(in, fileName, declaredMediaType);
        } catch (IOException e) {
            // The bytes are in memory already, so this is a parser failing on them, not a read error.
            throw new ExtractionException(
                    ExtractionException.Reason.CORRUPT, "the document could not be read: " + e.getMessage(), e);
        }
    }
}
