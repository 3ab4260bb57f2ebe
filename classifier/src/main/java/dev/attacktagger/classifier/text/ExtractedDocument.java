package dev.attacktagger.classifier.text;

import java.util.List;

/**
 * The text of a document, ready to classify.
 *
 * @param text the cleaned text; evidence offsets point into it
 * @param mediaType the detected media type, for example {@code application/pdf}
 * @param title the document's own title when it has one, else null
 * @param language the detected ISO 639-1 language code, or null when unknown
 * @param warnings what could not be extracted (a page that failed, for example); empty when everything was read
 */
public record ExtractedDocument(String text, String mediaType, String title, String language, List<String> warnings) {}
