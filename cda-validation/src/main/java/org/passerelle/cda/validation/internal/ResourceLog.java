package org.passerelle.cda.validation.internal;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the rules asked for while compiling or running, that the kit did not have as named: case mismatches that
 * were resolved, value sets served from a substitute, files that are missing. One log per compilation or per run.
 */
public final class ResourceLog {
    /** requested file (kit-relative) → file actually served (kit-relative). */
    final Map<String, String> caseMismatches = new ConcurrentHashMap<>();
    final Map<String, String> substitutions = new ConcurrentHashMap<>();
    /** kit-relative paths of files that do not exist (served empty). */
    final Set<String> missing = ConcurrentHashMap.newKeySet();

    public Map<String, String> caseMismatches() { return caseMismatches; }

    public Map<String, String> substitutions() { return substitutions; }

    public Set<String> missing() { return missing; }

    public boolean isEmpty() {
        return caseMismatches.isEmpty() && substitutions.isEmpty() && missing.isEmpty();
    }
}
