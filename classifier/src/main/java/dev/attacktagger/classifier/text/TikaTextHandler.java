package dev.attacktagger.classifier.text;

import java.util.Set;

import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Collects the text of Tika's XHTML output with the block structure kept: headings, paragraphs and list items are
 * separated by blank lines, table rows by line breaks and cells by tabs. Tika's own text handler writes one line
 * break after a paragraph, which the sentence splitter could not tell from a wrapped line.
 */
final class TikaTextHandler extends DefaultHandler {

    private static final Set<String> BLOCKS = Set.of(
            "p",
            "div",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "li",
            "ul",
            "ol",
            "dl",
            "dt",
            "dd",
            "blockquote",
            "pre",
            "table",
            "section",
            "article",
            "title",
            "caption",
            "hr");

    private final StringBuilder out = new StringBuilder();
    private final int maxCharacters;
    private int cellDepth;

    TikaTextHandler(int maxCharacters) {
        this.maxCharacters = maxCharacters;
    }

    /** Thrown when the text grows past the character limit, to stop the parser. */
    static final class TooMuchText extends SAXException {
        TooMuchText(int maxCharacters) {
            super("the text is longer than the limit of " + maxCharacters + " characters");
        }
    }

    String text() {
        return out.toString();
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes attributes) {
        String name = localName.isEmpty() ? qName : localName;
        switch (name) {
            case "br", "tr" -> out.append('\n');
            case "td", "th" -> {
                if (cellDepth == 0 && out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
                    out.append('\t');
                }
                cellDepth++;
            }
            default -> separate(name);
        }
    }

    @Override
    public void endElement(String uri, String localName, String qName) {
        String name = localName.isEmpty() ? qName : localName;
        switch (name) {
            case "td", "th" -> cellDepth = Math.max(0, cellDepth - 1);
            default -> separate(name);
        }
    }

    private void separate(String name) {
        if (BLOCKS.contains(name)) {
            out.append(cellDepth > 0 && !name.equals("table") ? " " : "\n\n");
        }
    }

    @Override
    public void characters(char[] ch, int start, int length) throws SAXException {
        out.append(ch, start, length);
        if (out.length() > maxCharacters) {
            throw new TooMuchText(maxCharacters);
        }
    }
}
