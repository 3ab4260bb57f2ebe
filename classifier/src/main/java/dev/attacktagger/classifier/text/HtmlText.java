package dev.attacktagger.classifier.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.Elements;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * The readable text of a web page: the article without navigation, page header and footer, side bars, scripts,
 * styles, forms, cookie banners and link lists. Headings, paragraphs and list items are separated by blank lines and
 * table cells by tabs, so that the sentence splitter sees their boundaries.
 */
final class HtmlText {

    /** Elements that never hold article text. */
    private static final String NEVER_TEXT = "script, style, noscript, template, iframe, object, embed, svg, canvas,"
            + " form, button, input, select, textarea, nav, aside, menu, dialog, [hidden], [aria-hidden=true],"
            + " [role=navigation], [role=banner], [role=contentinfo], [role=complementary], [role=search],"
            + " [role=dialog], [role=alertdialog], [style~=(?i)display\\s*:\\s*none]";

    private static final Pattern BANNER = Pattern.compile("(?i)cookie|consent|gdpr|banner");

    private static final Set<String> BLOCKS = Set.of(
            "p",
            "div",
            "section",
            "article",
            "main",
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
            "figure",
            "figcaption",
            "hr",
            "address",
            "details",
            "summary",
            "caption",
            "header",
            "footer",
            "center",
            "body");

    private HtmlText() {}

    /** The title and text of a page. */
    record Content(String title, String text) {}

    static Content extract(Document document) {
        String title = title(document);
        Element body = document.body();
        body.select(NEVER_TEXT).remove();
        removePageHeadersAndFooters(body);
        removeBanners(body);
        removeLinkLists(body);
        Element root = articleOrBody(body);
        return new Content(title, render(root));
    }

    /**
     * The {@code <h1>} when the {@code <title>} repeats it (titles often add the site's name), else the
     * {@code <title>}, else the {@code <h1>}.
     */
    private static String title(Document document) {
        String title = document.title().strip();
        // A site's logo is often an <h1> in the page header; the article's own heading is the one that counts.
        Element h1 = document.selectFirst("article h1, main h1");
        if (h1 == null) {
            h1 = document.body().select("h1").stream()
                    .filter(e -> e.closest("header, nav, footer, aside") == null)
                    .findFirst()
                    .orElse(null);
        }
        String heading = h1 == null ? "" : h1.text().strip();
        if (!heading.isEmpty() && (title.isEmpty() || title.contains(heading))) {
            return heading;
        }
        return title.isEmpty() ? null : title;
    }

    /**
     * Page-level {@code <header>} and {@code <footer>} go; inside an article or main element a footer (tags, share
     * links) goes too, but a header stays because it usually carries the article's heading.
     */
    private static void removePageHeadersAndFooters(Element body) {
        for (Element element : body.select("header, footer")) {
            boolean inArticle = element.closest("article, main") != null;
            if (!inArticle || element.nameIs("footer")) {
                element.remove();
            }
        }
    }

    private static void removeBanners(Element body) {
        List<Element> banners = new ArrayList<>();
        for (Element element : body.getAllElements()) {
            if (element == body || element.nameIs("main") || element.nameIs("article")) {
                continue;
            }
            String marks = element.id() + ' ' + element.className() + ' ' + element.attr("aria-label");
            // A wrapper whose class merely mentions a banner ("has-cookie-banner") must not take the article along.
            if (BANNER.matcher(marks).find() && element.selectFirst("article, main, h1") == null) {
                banners.add(element);
            }
        }
        banners.forEach(Element::remove);
    }

    /**
     * Removes blocks that are mostly links (menus, "related posts", tag clouds): lists with two or more links whose
     * text is at least half the list's text, and other blocks with three or more links making up 60% of the text.
     * Innermost blocks are judged first, so a menu inside the article's container goes without the article.
     */
    private static void removeLinkLists(Element body) {
        Elements blocks = body.select("ul, ol, dl, div, section, table, p, td");
        for (int i = blocks.size() - 1; i >= 0; i--) {
            Element block = blocks.get(i);
            if (block.root() != body.root()) {
                continue; // already removed with an enclosing block
            }
            int total = block.text().length();
            if (total == 0) {
                continue;
            }
            int links = 0;
            int linkText = 0;
            for (Element link : block.select("a")) {
                int length = link.text().length();
                if (length > 0) {
                    links++;
                    linkText += length;
                }
            }
            boolean list = block.nameIs("ul") || block.nameIs("ol") || block.nameIs("dl");
            boolean mostlyLinks = list ? links >= 2 && linkText * 2 >= total : links >= 3 && linkText * 10 >= total * 6;
            if (mostlyLinks) {
                // A short heading right before the list ("Related posts") introduces it and goes with it.
                Element heading = block.previousElementSibling();
                if (heading != null
                        && heading.normalName().matches("h[2-6]")
                        && heading.text().length() < 60) {
                    heading.remove();
                }
                block.remove();
            }
        }
    }

    /** A page's single article (or main element) when it holds most of the text, else the whole body. */
    private static Element articleOrBody(Element body) {
        int bodyLength = body.text().length();
        for (String tag : new String[] {"article", "main"}) {
            Elements candidates = body.select(tag);
            if (candidates.size() == 1 && candidates.get(0).text().length() * 10 >= bodyLength * 3) {
                return candidates.get(0);
            }
        }
        return body;
    }

    private static String render(Element root) {
        StringBuilder out = new StringBuilder();
        NodeTraversor.traverse(new Renderer(out), root);
        return TextCleaner.normalize(out.toString());
    }

    private static final class Renderer implements NodeVisitor {

        private final StringBuilder out;
        private int preformatted;

        Renderer(StringBuilder out) {
            this.out = out;
        }

        @Override
        public void head(Node node, int depth) {
            if (node instanceof TextNode text) {
                appendText(text);
                return;
            }
            if (!(node instanceof Element element)) {
                return;
            }
            String name = element.normalName().toLowerCase(Locale.ROOT);
            switch (name) {
                case "br", "tr" -> out.append('\n');
                case "td", "th" -> {
                    if (element.elementSiblingIndex() > 0) {
                        out.append('\t');
                    }
                }
                case "pre" -> {
                    preformatted++;
                    out.append("\n\n");
                }
                default -> {
                    if (BLOCKS.contains(name) && !insideCell(element)) {
                        out.append("\n\n");
                    }
                }
            }
        }

        @Override
        public void tail(Node node, int depth) {
            if (!(node instanceof Element element)) {
                return;
            }
            String name = element.normalName();
            if (name.equals("a") && element.hasAttr("href")) {
                // A link to an ATT&CK technique page keeps its address when its text does not give the id.
                out.append(TextCleaner.linkSuffix(element.text(), element.attr("href")));
            }
            if (name.equals("pre")) {
                preformatted--;
                out.append("\n\n");
            } else if (BLOCKS.contains(name) && !insideCell(element)) {
                out.append("\n\n");
            } else if (BLOCKS.contains(name)) {
                out.append(' ');
            }
        }

        private static boolean insideCell(Element element) {
            return element.closest("td, th") != null && !element.nameIs("table");
        }

        private void appendText(TextNode text) {
            String raw = text.getWholeText();
            if (preformatted > 0) {
                out.append(raw);
                return;
            }
            // Outside <pre>, any run of whitespace in HTML renders as one space.
            boolean space = false;
            for (int i = 0; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (Character.isWhitespace(c)) {
                    space = true;
                } else {
                    if (space) {
                        out.append(' ');
                        space = false;
                    }
                    out.append(c);
                }
            }
            if (space) {
                out.append(' ');
            }
        }
    }
}
