package dev.attacktagger.classifier.text;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Guesses the language of a text from its script and its most common function words. Chinese, Japanese and Korean
 * are told apart by script (Han, kana, Hangul); English, German, French, Spanish, Italian, Portuguese, Dutch and
 * Russian by counting their function words. A statistical detector (Tika's optimaize module) would know more
 * languages; it is not on the classpath, and for threat reports, nearly all in one of these languages, this is
 * enough. Thread-safe.
 */
public final class LanguageGuesser {

    /** Only the start of a long text is read; a language does not change halfway through a report. */
    private static final int SAMPLE_LENGTH = 20_000;

    private static final Map<String, Set<String>> FUNCTION_WORDS = functionWords();

    /** For each function word, the languages it belongs to. */
    private static final Map<String, String[]> LANGUAGES_OF_WORD = invert(FUNCTION_WORDS);

    private LanguageGuesser() {}

    /**
     * Guesses a text's language.
     *
     * @return an ISO 639-1 code such as {@code en}, or null when the text is too short or matches no known language
     */
    public static String guess(String text) {
        int length = Math.min(text.length(), SAMPLE_LENGTH);
        int letters = 0;
        int han = 0;
        int kana = 0;
        int hangul = 0;
        Map<String, Integer> hits = new HashMap<>();
        int words = 0;
        int i = 0;
        while (i < length) {
            char c = text.charAt(i);
            if (!Character.isLetter(c)) {
                i++;
                continue;
            }
            Character.UnicodeScript script = Character.UnicodeScript.of(c);
            if (script == Character.UnicodeScript.HAN) {
                han++;
                letters++;
                i++;
                continue;
            }
            if (script == Character.UnicodeScript.HIRAGANA || script == Character.UnicodeScript.KATAKANA) {
                kana++;
                letters++;
                i++;
                continue;
            }
            if (script == Character.UnicodeScript.HANGUL) {
                hangul++;
                letters++;
                i++;
                continue;
            }
            if (script == Character.UnicodeScript.COMMON || script == Character.UnicodeScript.INHERITED) {
                i++; // the Japanese length mark and other letters shared between scripts
                continue;
            }
            int start = i;
            while (i < length && (isWordLetter(text.charAt(i)) || text.charAt(i) == '\'')) {
                i++;
            }
            letters += i - start;
            words++;
            String[] languages = LANGUAGES_OF_WORD.get(text.substring(start, i).toLowerCase(Locale.ROOT));
            if (languages != null) {
                for (String language : languages) {
                    hits.merge(language, 1, Integer::sum);
                }
            }
        }
        if (letters == 0) {
            return null;
        }
        int cjk = han + kana + hangul;
        if (cjk * 2 > letters) {
            if (hangul >= kana && hangul * 2 > cjk) {
                return "ko";
            }
            return kana * 10 > cjk ? "ja" : "zh";
        }
        String best = null;
        int bestHits = 0;
        for (String language : FUNCTION_WORDS.keySet()) {
            int count = hits.getOrDefault(language, 0);
            if (count > bestHits) {
                best = language;
                bestHits = count;
            }
        }
        // At least two function words, and at least one word in twenty of them: below that the text is a list of
        // names, indicators or code, whose language says nothing.
        return bestHits >= 2 && bestHits * 20 >= words ? best : null;
    }

    private static boolean isWordLetter(char c) {
        if (!Character.isLetter(c)) {
            return false;
        }
        Character.UnicodeScript script = Character.UnicodeScript.of(c);
        return script != Character.UnicodeScript.HAN
                && script != Character.UnicodeScript.HIRAGANA
                && script != Character.UnicodeScript.KATAKANA
                && script != Character.UnicodeScript.HANGUL
                && script != Character.UnicodeScript.COMMON;
    }

    private static Map<String, Set<String>> functionWords() {
        Map<String, Set<String>> words = new LinkedHashMap<>();
        words.put(
                "en",
                Set.of(
                        "the", "and", "of", "to", "in", "is", "that", "for", "with", "as", "was", "on", "by", "it",
                        "this", "are", "from", "which", "be", "an", "or", "has", "have", "were", "its", "their",
                        "after", "into", "used", "uses"));
        words.put(
                "de",
                Set.of(
                        "der", "die", "das", "und", "ist", "nicht", "mit", "von", "den", "zu", "ein", "eine", "auf",
                        "sich", "dem", "des", "für", "wird", "werden", "wurde", "auch", "oder", "bei", "nach", "über",
                        "durch", "einen", "einer", "sind", "wie"));
        words.put(
                "fr",
                Set.of(
                        "le", "la", "les", "et", "des", "est", "une", "du", "dans", "pour", "qui", "que", "sur", "par",
                        "pas", "avec", "sont", "au", "aux", "ces", "cette", "il", "elle", "ont", "été", "leur", "mais",
                        "ou", "un", "se"));
        words.put(
                "es",
                Set.of(
                        "el", "los", "las", "y", "del", "que", "en", "por", "para", "con", "una", "es", "se", "al",
                        "su", "sus", "como", "más", "pero", "fue", "son", "este", "esta", "lo", "un", "ha", "sobre",
                        "entre", "también", "la"));
        words.put(
                "it",
                Set.of(
                        "il", "di", "che", "e", "della", "per", "un", "una", "sono", "non", "con", "gli", "del", "le",
                        "nel", "alla", "dei", "delle", "questo", "anche", "come", "è", "stato", "più", "ha", "lo",
                        "degli", "nella", "sul", "dalla"));
        words.put(
                "pt",
                Set.of(
                        "o", "os", "as", "e", "do", "da", "dos", "das", "que", "em", "para", "com", "uma", "não", "por",
                        "mais", "foi", "ao", "seu", "sua", "como", "mas", "também", "são", "pelo", "pela", "um", "no",
                        "na", "é"));
        words.put(
                "nl",
                Set.of(
                        "de", "het", "een", "en", "van", "is", "dat", "op", "te", "zijn", "met", "voor", "niet", "aan",
                        "er", "ook", "als", "door", "bij", "naar", "worden", "wordt", "werd", "deze", "die", "om",
                        "uit", "maar", "nog", "hun"));
        words.put(
                "ru",
                Set.of(
                        "и", "в", "не", "на", "что", "с", "по", "для", "как", "это", "от", "из", "к", "или", "при",
                        "его", "также", "был", "была", "были", "который", "которые", "после", "о", "а", "но", "их",
                        "до", "так", "же"));
        return words;
    }

    private static Map<String, String[]> invert(Map<String, Set<String>> byLanguage) {
        Map<String, String[]> byWord = new HashMap<>();
        byLanguage.forEach((language, words) -> {
            for (String word : words) {
                byWord.merge(word, new String[] {language}, (a, b) -> {
                    String[] both = new String[a.length + b.length];
                    System.arraycopy(a, 0, both, 0, a.length);
                    System.arraycopy(b, 0, both, a.length, b.length);
                    return both;
                });
            }
        });
        return byWord;
    }
}
