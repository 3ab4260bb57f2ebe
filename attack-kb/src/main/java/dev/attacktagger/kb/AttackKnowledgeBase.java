package dev.attacktagger.kb;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

import dev.attacktagger.kb.StixBundleReader.Fields;

/**
 * The ATT&amp;CK Enterprise knowledge base of one version, loaded from a STIX 2.1 bundle.
 *
 * <p>Immutable once loaded and safe to share between threads. Load it once per process: it takes about a second.
 */
public final class AttackKnowledgeBase {

    private final String version;
    private final Path source;
    private final List<Tactic> tactics;
    private final Map<String, Tactic> tacticsByKey;
    private final Map<String, Technique> techniques;
    private final Map<String, String> replacements;
    private final List<AttackEntity> entities;
    private final Map<String, List<AttackEntity>> entitiesByName;
    private final List<ProcedureExample> procedures;
    private final Map<String, List<ProcedureExample>> proceduresByTechnique;

    private AttackKnowledgeBase(Loader loader) {
        this.version = loader.version;
        this.source = loader.path;
        this.tactics = List.copyOf(loader.tactics);
        Map<String, Tactic> byKey = new HashMap<>();
        for (Tactic tactic : tactics) {
            byKey.put(tactic.shortName(), tactic);
            byKey.put(tactic.id(), tactic);
            byKey.put(tactic.name().toLowerCase(Locale.ROOT), tactic);
        }
        this.tacticsByKey = Collections.unmodifiableMap(byKey);
        this.techniques = Collections.unmodifiableMap(loader.techniques);
        this.replacements = Collections.unmodifiableMap(loader.replacements);
        this.entities = List.copyOf(loader.entities);
        Map<String, List<AttackEntity>> names = new HashMap<>();
        for (AttackEntity entity : entities) {
            names.computeIfAbsent(entity.name().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(entity);
            for (String alias : entity.aliases()) {
                names.computeIfAbsent(alias.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(entity);
            }
        }
        this.entitiesByName = Collections.unmodifiableMap(names);
        this.procedures = List.copyOf(loader.procedures);
        Map<String, List<ProcedureExample>> byTechnique = new HashMap<>();
        for (ProcedureExample example : procedures) {
            byTechnique
                    .computeIfAbsent(example.techniqueId(), k -> new ArrayList<>())
                    .add(example);
        }
        this.proceduresByTechnique = Collections.unmodifiableMap(byTechnique);
    }

    /**
     * Loads a bundle such as {@code enterprise-attack-18.1.json.gz} ({@code .json} or gzip).
     *
     * <p>The ATT&amp;CK version comes from the bundle's {@code x-mitre-collection} object when it has one, else from a
     * version in the file name, else it is {@code "unknown"}.
     *
     * @throws AttackBundleException when the file is missing, truncated, not a STIX bundle or has no attack-patterns;
     *     the message names the file
     */
    public static AttackKnowledgeBase load(Path path) {
        Loader loader = new Loader(path);
        StixBundleReader.read(path, loader::accept);
        loader.finish();
        return new AttackKnowledgeBase(loader);
    }

    /** The ATT&amp;CK version, for example {@code 18.1}. */
    public String version() {
        return version;
    }

    /** The file this was loaded from. */
    public Path source() {
        return source;
    }

    /** The tactics in matrix order. */
    public List<Tactic> tactics() {
        return tactics;
    }

    /** A tactic by short name ({@code execution}), id ({@code TA0002}, any case) or name ({@code Execution}). */
    public Optional<Tactic> tactic(String key) {
        if (key == null) {
            return Optional.empty();
        }
        String trimmed = key.strip();
        Tactic found = tacticsByKey.get(trimmed);
        if (found == null) {
            found = tacticsByKey.get(trimmed.toLowerCase(Locale.ROOT));
        }
        if (found == null) {
            found = AttackIds.normalizeTactic(trimmed).map(tacticsByKey::get).orElse(null);
        }
        return Optional.ofNullable(found);
    }

    /** Every technique and sub-technique of the bundle, revoked and deprecated ones included, sorted by id. */
    public Collection<Technique> allTechniques() {
        return techniques.values();
    }

    /** The active techniques and sub-techniques, sorted by id. */
    public List<Technique> activeTechniques() {
        return techniques.values().stream().filter(Technique::isActive).toList();
    }

    /** A technique by id in any written form ({@code t1059/001}); revoked and deprecated ones are found too. */
    public Optional<Technique> technique(String written) {
        return AttackIds.normalize(written).map(techniques::get);
    }

    /**
     * Resolves a written id: its canonical form, whether it is active, revoked (and by what) or deprecated. Revocation
     * chains are followed to the technique in force.
     */
    public Resolution resolve(String written) {
        Optional<String> normalized = AttackIds.normalize(written);
        if (normalized.isEmpty()) {
            return new Resolution(written, null, Resolution.Status.MALFORMED, null);
        }
        String id = normalized.get();
        Technique technique = techniques.get(id);
        if (technique == null) {
            return new Resolution(written, id, Resolution.Status.UNKNOWN, null);
        }
        if (technique.revoked()) {
            String current = replacementOf(id);
            return new Resolution(written, id, Resolution.Status.REVOKED, current);
        }
        if (technique.deprecated()) {
            return new Resolution(written, id, Resolution.Status.DEPRECATED, null);
        }
        return new Resolution(written, id, Resolution.Status.ACTIVE, id);
    }

    /** Revoked id to its direct replacement, as the bundle states it. */
    public Map<String, String> replacements() {
        return replacements;
    }

    /** Software, groups and campaigns that are neither revoked nor deprecated. */
    public List<AttackEntity> entities() {
        return entities;
    }

    /** Software, groups and campaigns whose name or an alias equals {@code name}, ignoring case. */
    public List<AttackEntity> entitiesNamed(String name) {
        return name == null
                ? List.of()
                : entitiesByName.getOrDefault(name.strip().toLowerCase(Locale.ROOT), List.of());
    }

    /** Every procedure example of an active technique. */
    public List<ProcedureExample> procedureExamples() {
        return procedures;
    }

    /** The procedure examples of one technique, by canonical id. */
    public List<ProcedureExample> procedureExamples(String techniqueId) {
        return proceduresByTechnique.getOrDefault(techniqueId, List.of());
    }

    /** What changed from {@code older} to {@code newer}. */
    public static AttackDiff diff(AttackKnowledgeBase older, AttackKnowledgeBase newer) {
        List<String> added = new ArrayList<>();
        Map<String, String> revoked = new TreeMap<>();
        List<String> deprecated = new ArrayList<>();
        Map<String, List<String>> renamed = new TreeMap<>();
        for (Technique now : newer.techniques.values()) {
            Technique before = older.techniques.get(now.id());
            if (now.isActive() && (before == null || !before.isActive())) {
                added.add(now.id());
            }
            if (now.revoked() && (before == null || !before.revoked())) {
                revoked.put(now.id(), newer.replacementOf(now.id()));
            }
            if (now.deprecated() && !now.revoked() && (before == null || !before.deprecated())) {
                deprecated.add(now.id());
            }
            if (before != null && !now.revoked() && !before.name().equals(now.name())) {
                renamed.put(now.id(), List.of(before.name(), now.name()));
            }
        }
        return new AttackDiff(
                older.version, newer.version, List.copyOf(added), revoked, List.copyOf(deprecated), renamed);
    }

    private String replacementOf(String id) {
        String current = id;
        for (int hops = 0; hops < 10; hops++) {
            String next = replacements.get(current);
            if (next == null) {
                return null;
            }
            Technique technique = techniques.get(next);
            if (technique != null && technique.isActive()) {
                return next;
            }
            current = next;
        }
        return null;
    }

    /** Collects what the bundle's objects say, then links them once every object has been seen. */
    private static final class Loader {
        private final Path path;
        private String version;
        private final List<JsonNode> attackPatterns = new ArrayList<>();
        private final Map<String, JsonNode> tacticNodes = new HashMap<>();
        private List<String> matrixTacticRefs = List.of();
        private final Map<String, AttackEntity> entitiesByStixId = new LinkedHashMap<>();
        private final List<String[]> uses = new ArrayList<>();
        private final List<String[]> revokedBy = new ArrayList<>();

        private final List<Tactic> tactics = new ArrayList<>();
        private final Map<String, Technique> techniques = new TreeMap<>();
        private final Map<String, String> replacements = new TreeMap<>();
        private final List<AttackEntity> entities = new ArrayList<>();
        private final List<ProcedureExample> procedures = new ArrayList<>();

        Loader(Path path) {
            this.path = path;
        }

        void accept(JsonNode node) {
            String type = Fields.text(node, "type");
            if (type == null) {
                return;
            }
            switch (type) {
                case "attack-pattern" -> attackPatterns.add(node);
                case "x-mitre-tactic" -> tacticNodes.put(Fields.text(node, "id"), node);
                case "x-mitre-matrix" -> matrixTacticRefs = Fields.strings(node, "tactic_refs");
                case "x-mitre-collection" -> version = Fields.text(node, "x_mitre_version");
                case "malware" -> entity(node, AttackEntity.Kind.MALWARE, "x_mitre_aliases");
                case "tool" -> entity(node, AttackEntity.Kind.TOOL, "x_mitre_aliases");
                case "intrusion-set" -> entity(node, AttackEntity.Kind.GROUP, "aliases");
                case "campaign" -> entity(node, AttackEntity.Kind.CAMPAIGN, "aliases");
                case "relationship" -> relationship(node);
                default -> {
                    // Analytics, detection strategies, mitigations and data sources are not used.
                }
            }
        }

        private void entity(JsonNode node, AttackEntity.Kind kind, String aliasField) {
            if (Fields.flag(node, "revoked") || Fields.flag(node, "x_mitre_deprecated")) {
                return;
            }
            String name = Fields.text(node, "name");
            List<String> aliases = Fields.strings(node, aliasField).stream()
                    .filter(alias -> !alias.equalsIgnoreCase(name))
                    .distinct()
                    .toList();
            String stixId = Fields.text(node, "id");
            entitiesByStixId.put(
                    stixId,
                    new AttackEntity(stixId, Fields.attackReference(node).get("id"), kind, name, aliases));
        }

        private void relationship(JsonNode node) {
            if (Fields.flag(node, "revoked") || Fields.flag(node, "x_mitre_deprecated")) {
                return;
            }
            String kind = Fields.text(node, "relationship_type");
            String sourceRef = Fields.text(node, "source_ref");
            String targetRef = Fields.text(node, "target_ref");
            if ("uses".equals(kind) && targetRef != null && targetRef.startsWith("attack-pattern--")) {
                String description = Fields.text(node, "description");
                if (description != null && !description.isBlank()) {
                    uses.add(new String[] {sourceRef, targetRef, description});
                }
            } else if ("revoked-by".equals(kind)) {
                revokedBy.add(new String[] {sourceRef, targetRef});
            }
        }

        void finish() {
            if (attackPatterns.isEmpty()) {
                throw new AttackBundleException(path + " has no attack-pattern objects: it is not an ATT&CK bundle");
            }
            if (version == null) {
                version = StixBundleReader.versionFromFileName(path);
            }
            if (version == null) {
                version = "unknown";
            }
            linkTactics();
            Map<String, String> idsByStixId = linkTechniques();
            for (String[] edge : revokedBy) {
                String from = idsByStixId.get(edge[0]);
                String to = idsByStixId.get(edge[1]);
                if (from != null && to != null) {
                    replacements.put(from, to);
                }
            }
            entities.addAll(entitiesByStixId.values());
            entities.sort(Comparator.comparing(AttackEntity::name, String.CASE_INSENSITIVE_ORDER));
            for (String[] use : uses) {
                String techniqueId = idsByStixId.get(use[1]);
                AttackEntity source = entitiesByStixId.get(use[0]);
                Technique technique = techniqueId == null ? null : techniques.get(techniqueId);
                if (technique == null || !technique.isActive() || source == null) {
                    continue;
                }
                String text = PlainText.fromMarkdown(use[2]);
                if (!text.isBlank()) {
                    procedures.add(new ProcedureExample(text, source.stixId(), source.name(), techniqueId));
                }
            }
        }

        private void linkTactics() {
            List<String> order = new ArrayList<>(matrixTacticRefs);
            tacticNodes.keySet().stream()
                    .sorted()
                    .filter(id -> !order.contains(id))
                    .forEach(order::add);
            for (String stixId : order) {
                JsonNode node = tacticNodes.get(stixId);
                if (node == null) {
                    continue;
                }
                tactics.add(new Tactic(
                        Fields.attackReference(node).get("id"),
                        Fields.text(node, "x_mitre_shortname"),
                        Fields.text(node, "name"),
                        tactics.size()));
            }
        }

        private Map<String, String> linkTechniques() {
            Map<String, Integer> tacticOrder = new HashMap<>();
            tactics.forEach(tactic -> tacticOrder.put(tactic.shortName(), tactic.order()));
            Map<String, String> idsByStixId = new HashMap<>();
            Map<String, TreeSet<String>> children = new HashMap<>();
            List<Technique> built = new ArrayList<>();
            for (JsonNode node : attackPatterns) {
                Map<String, String> reference = Fields.attackReference(node);
                String id = AttackIds.normalize(reference.get("id")).orElse(null);
                if (id == null) {
                    continue;
                }
                List<String> phases = new ArrayList<>();
                JsonNode chain = node.get("kill_chain_phases");
                if (chain != null) {
                    for (JsonNode phase : chain) {
                        if ("mitre-attack".equals(Fields.text(phase, "kill_chain_name"))) {
                            phases.add(Fields.text(phase, "phase_name"));
                        }
                    }
                }
                phases.sort(Comparator.comparing(phase -> tacticOrder.getOrDefault(phase, Integer.MAX_VALUE)));
                String parent = id.contains(".") ? AttackIds.parentOf(id) : null;
                Technique technique = new Technique(
                        id,
                        Fields.text(node, "id"),
                        Fields.text(node, "name"),
                        PlainText.fromMarkdown(Fields.text(node, "description")),
                        List.copyOf(phases),
                        List.copyOf(Fields.strings(node, "x_mitre_platforms")),
                        parent,
                        List.of(),
                        reference.get("url"),
                        Fields.flag(node, "revoked"),
                        Fields.flag(node, "x_mitre_deprecated"));
                idsByStixId.put(technique.stixId(), id);
                built.add(technique);
                if (parent != null && technique.isActive()) {
                    children.computeIfAbsent(parent, k -> new TreeSet<>()).add(id);
                }
            }
            for (Technique technique : built) {
                Technique existing = techniques.get(technique.id());
                // Should two objects share an id, the active one is the one in force.
                if (existing != null && existing.isActive() && !technique.isActive()) {
                    continue;
                }
                TreeSet<String> kids = children.get(technique.id());
                techniques.put(
                        technique.id(),
                        kids == null
                                ? technique
                                : new Technique(
                                        technique.id(),
                                        technique.stixId(),
                                        technique.name(),
                                        technique.description(),
                                        technique.tactics(),
                                        technique.platforms(),
                                        technique.parentId(),
                                        List.copyOf(kids),
                                        technique.url(),
                                        technique.revoked(),
                                        technique.deprecated()));
            }
            attackPatterns.clear();
            return idsByStixId;
        }
    }
}
