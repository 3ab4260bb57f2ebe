package dev.attacktagger.search.tag.model;

import java.util.List;

/**
 * A technique offered for a search box.
 *
 * @param id the canonical id
 * @param name its own name, {@code PowerShell}
 * @param fullName with the parent's name for a sub-technique, {@code Command and Scripting Interpreter: PowerShell}
 * @param tactics the tactics' short names
 */
public record TagSuggestion(String id, String name, String fullName, List<String> tactics) {}
