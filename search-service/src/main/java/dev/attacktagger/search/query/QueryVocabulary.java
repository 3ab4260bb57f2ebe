package dev.attacktagger.search.query;

import java.util.Optional;

/** What the parser needs to know about ATT&amp;CK to check values: tactic names. */
@FunctionalInterface
public interface QueryVocabulary {

    /**
     * The tactic's short name ({@code execution}) for a tactic written as a short name, a name or a {@code TA} id.
     *
     * @return empty when there is no such tactic
     */
    Optional<String> tactic(String written);
}
