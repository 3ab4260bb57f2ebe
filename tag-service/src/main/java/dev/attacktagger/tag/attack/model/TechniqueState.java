package dev.attacktagger.tag.attack.model;

/** Where a technique stands in the ATT&amp;CK release the catalogue was last loaded from. */
public enum TechniqueState {
    ACTIVE,
    REVOKED,
    DEPRECATED
}
