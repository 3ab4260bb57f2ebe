package dev.attacktagger.kb;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Streams the objects of a STIX 2.1 bundle one at a time, so that a 35 MB bundle never sits in memory as one tree.
 * Gzip is recognised by its magic bytes, whatever the file is called.
 */
final class StixBundleReader {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern VERSION_IN_NAME = Pattern.compile("(\\d+\\.\\d+)(?=\\D*$)");

    private StixBundleReader() {}

    /**
     * Reads every object of the bundle at {@code path} and hands it to {@code consumer}.
     *
     * @return the number of objects read
     * @throws AttackBundleException when the file is missing, is not JSON, is truncated or is not a STIX bundle
     */
    static int read(Path path, Consumer<JsonNode> consumer) {
        try (InputStream in = open(path);
                JsonParser parser = new JsonFactory(MAPPER).createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new AttackBundleException(path + " is not a STIX bundle: expected a JSON object at the top");
            }
            String type = null;
            int count = 0;
            boolean sawObjects = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("type".equals(field)) {
                    type = parser.getValueAsString();
                } else if ("objects".equals(field) && value == JsonToken.START_ARRAY) {
                    sawObjects = true;
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        consumer.accept(parser.readValueAsTree());
                        count++;
                    }
                } else {
                    parser.skipChildren();
                }
            }
            if (!"bundle".equals(type)) {
                throw new AttackBundleException(path + " is not a STIX bundle: expected \"type\": \"bundle\", found "
                        + (type == null ? "no type" : "\"" + type + "\""));
            }
            if (!sawObjects) {
                throw new AttackBundleException(path + " is not a STIX bundle: it has no \"objects\" array");
            }
            return count;
        } catch (NoSuchFileException e) {
            throw new AttackBundleException("ATT&CK bundle " + path + " does not exist", e);
        } catch (EOFException e) {
            throw new AttackBundleException(path + " is truncated: the file ends before the bundle does", e);
        } catch (JsonProcessingException e) {
            String what = e.getOriginalMessage().contains("end-of-input") ? "is truncated" : "is not valid JSON";
            throw new AttackBundleException(path + " " + what + ": " + e.getOriginalMessage(), e);
        } catch (ZipException e) {
            throw new AttackBundleException(path + " is a corrupt gzip file: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new AttackBundleException("cannot read ATT&CK bundle " + path + ": " + e.getMessage(), e);
        }
    }

    /** The ATT&amp;CK version a file name carries, as in {@code enterprise-attack-18.1.json.gz}, or null. */
    static String versionFromFileName(Path path) {
        String name = path.getFileName().toString().replaceAll("\\.(json|gz)", "");
        Matcher matcher = VERSION_IN_NAME.matcher(name);
        return matcher.find() ? matcher.group(1) : null;
    }

    private static InputStream open(Path path) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        raw.mark(2);
        int first = raw.read();
        int second = raw.read();
        raw.reset();
        if (first == 0x1f && second == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
        }
        return raw;
    }

    /** Small helpers for reading the fields of one STIX object. */
    static final class Fields {
        private Fields() {}

        static String text(JsonNode node, String field) {
            JsonNode value = node.get(field);
            return value == null || value.isNull() ? null : value.asText();
        }

        static boolean flag(JsonNode node, String field) {
            JsonNode value = node.get(field);
            return value != null && value.asBoolean(false);
        }

        static List<String> strings(JsonNode node, String field) {
            JsonNode value = node.get(field);
            List<String> list = new ArrayList<>();
            if (value != null && value.isArray()) {
                value.forEach(item -> list.add(item.asText()));
            }
            return list;
        }

        /** The {@code mitre-attack} external reference: its {@code external_id} and {@code url}. */
        static Map<String, String> attackReference(JsonNode node) {
            JsonNode refs = node.get("external_references");
            Map<String, String> found = new HashMap<>();
            if (refs != null && refs.isArray()) {
                for (JsonNode ref : refs) {
                    if ("mitre-attack".equals(text(ref, "source_name")) && text(ref, "external_id") != null) {
                        found.put("id", text(ref, "external_id"));
                        found.put("url", text(ref, "url"));
                        return found;
                    }
                }
            }
            return found;
        }
    }
}
