package dev.restitution.portal.web;

import io.quarkus.qute.TemplateExtension;

/**
 * Display of hashes in tables: {@code {entry.hash.abbreviated}} is {@code c9a78e0dfa…0695}, the head and tail a person
 * compares; the page carries the whole hash in the element's title and the CSV export carries it in full.
 */
@TemplateExtension
public final class Hashes {

    private static final int HEAD = 10;
    private static final int TAIL = 4;

    private Hashes() {
    }

    static String abbreviated(String hash) {
        if (hash == null || hash.length() <= HEAD + TAIL + 1) {
            return hash;
        }
        return hash.substring(0, HEAD) + "…" + hash.substring(hash.length() - TAIL);
    }
}
