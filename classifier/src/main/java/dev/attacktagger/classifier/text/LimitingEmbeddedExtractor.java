package dev.attacktagger.classifier.text;

import java.io.IOException;
import java.io.InputStream;

import org.apache.tika.extractor.ParsingEmbeddedDocumentExtractor;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.ParseContext;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;

/**
 * Parses the documents embedded in a document (archive entries, attachments, embedded files) within a nesting depth
 * and a count, so that archive bombs and documents nested in themselves stop early. Embedded images are skipped: no
 * text is read from images, and a file with many pictures must not reach the count. One instance per parse.
 */
final class LimitingEmbeddedExtractor extends ParsingEmbeddedDocumentExtractor {

    private final int maxDepth;
    private final int maxDocuments;
    private int depth;
    private int documents;
    private String exceeded;

    LimitingEmbeddedExtractor(ParseContext context, int maxDepth, int maxDocuments) {
        super(context);
        this.maxDepth = maxDepth;
        this.maxDocuments = maxDocuments;
        setWriteFileNameToContent(false);
    }

    /** Why a limit stopped the parse, or null when none did. */
    String exceeded() {
        return exceeded;
    }

    @Override
    public boolean shouldParseEmbedded(Metadata metadata) {
        String type = metadata.get(Metadata.CONTENT_TYPE);
        if (type != null && type.startsWith("image/")) {
            return false;
        }
        return exceeded == null && super.shouldParseEmbedded(metadata);
    }

    @Override
    public void parseEmbedded(InputStream stream, ContentHandler handler, Metadata metadata, boolean outputHtml)
            throws SAXException, IOException {
        if (exceeded != null) {
            return;
        }
        if (depth + 1 > maxDepth) {
            exceeded = "the file nests documents more than " + maxDepth + " levels deep (an archive bomb?)";
            throw new SAXException(exceeded);
        }
        if (++documents > maxDocuments) {
            exceeded = "the file holds more than " + maxDocuments + " embedded documents (an archive bomb?)";
            throw new SAXException(exceeded);
        }
        depth++;
        try {
            super.parseEmbedded(stream, handler, metadata, outputHtml);
        } finally {
            depth--;
        }
    }
}
