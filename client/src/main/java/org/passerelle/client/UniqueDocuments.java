package org.passerelle.client;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * the same CDA may reach the DPI twice (by MSSanté and from the DMP) with the same uniqueId, and a registry
 * answer may hold several metadata versions of one document: the client shows one document per uniqueId. The
 * entry kept is the current one: Approved before any other status, then the highest version; the first seen on a
 * tie. Order of first appearance is kept.
 */
public final class UniqueDocuments {
    private static final Comparator<DocumentEntry> CURRENT_FIRST = Comparator
            .comparing((DocumentEntry e) -> e.getAvailabilityStatus() == AvailabilityStatus.APPROVED ? 0 : 1)
            .thenComparing(e -> -version(e));

    private UniqueDocuments() { }

    /** One entry per uniqueId, from one or several lists (e.g. the DMP's answer and the MSSanté inbox). */
    @SafeVarargs
    public static List<DocumentEntry> of(Collection<DocumentEntry>... sources) {
        Map<String, DocumentEntry> kept = new LinkedHashMap<>();
        List<DocumentEntry> withoutId = new ArrayList<>();
        for (Collection<DocumentEntry> source : sources) {
            for (DocumentEntry e : source) {
                if (e.getUniqueId() == null) {
                    withoutId.add(e);
                    continue;
                }
                kept.merge(e.getUniqueId(), e, (a, b) -> CURRENT_FIRST.compare(b, a) < 0 ? b : a);
            }
        }
        List<DocumentEntry> out = new ArrayList<>(kept.values());
        out.addAll(withoutId);
        return out;
    }

    private static int version(DocumentEntry e) {
        try {
            return e.getVersion() == null ? 0 : Integer.parseInt(e.getVersion().getVersionName());
        } catch (NumberFormatException notANumber) {
            return 0;
        }
    }
}
