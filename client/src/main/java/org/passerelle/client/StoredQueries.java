package org.passerelle.client;

import org.openehealth.ipf.commons.ihe.xds.core.ebxml.EbXMLAdhocQueryRequest;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.query.AdhocQueryRequest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Any ITI-18 stored query by name ({@code FindDocuments}, {@code GetDocuments}, … or its {@code urn:uuid:} id)
 * with raw parameters, encoded the ebRS way: single values quoted ({@code 'x'}), list parameters as
 * {@code ('a','b')}; numbers (times) and values already quoted or parenthesised are kept as given.
 */
public final class StoredQueries {
    public static final String APPROVED = "urn:oasis:names:tc:ebxml-regrep:StatusType:Approved";

    private StoredQueries() {
    }

    /** The IPF query type for a name such as {@code FindDocuments}, {@code find-documents} or a query UUID. */
    public static QueryType type(String nameOrId) throws ClientException {
        String wanted = normalise(nameOrId);
        for (QueryType t : QueryType.values()) {
            if (normalise(t.name()).equals(wanted) || t.getId().equalsIgnoreCase(nameOrId)) {
                return t;
            }
        }
        throw ClientFailure.USAGE.exception("unknown stored query '" + nameOrId + "'; known: " + names());
    }

    public static String names() {
        return Arrays.stream(QueryType.values()).map(t -> camel(t.name())).collect(Collectors.joining(", "));
    }

    /**
     * @param parameters parameter name ({@code $XDSDocumentEntryPatientId}) → raw values, in order
     */
    public static EbXMLAdhocQueryRequest<AdhocQueryRequest> request(QueryType type, QueryReturnType returnType,
                                                                     Map<String, List<String>> parameters)
            throws ClientException {
        EbXMLAdhocQueryRequest<AdhocQueryRequest> request = new EbXMLFactory30().createAdhocQueryRequest();
        request.setId(type.getId());
        request.setReturnType(returnType.getCode());
        for (Map.Entry<String, List<String>> p : parameters.entrySet()) {
            String name = p.getKey().startsWith("$") ? p.getKey() : "$" + p.getKey();
            if (p.getValue().isEmpty()) {
                throw ClientFailure.USAGE.exception("parameter " + name + " has no value");
            }
            request.addSlot(name, encode(name, p.getValue()));
        }
        return request;
    }

    /** Parses {@code name=value} options; a name given several times collects several values. */
    public static Map<String, List<String>> parse(List<String> options) throws ClientException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String o : options) {
            int eq = o.indexOf('=');
            if (eq <= 0) {
                throw ClientFailure.USAGE.exception("query parameter '" + o + "' is not name=value");
            }
            String name = o.substring(0, eq).trim();
            out.computeIfAbsent(name.startsWith("$") ? name : "$" + name, k -> new ArrayList<>()).add(o.substring(eq + 1));
        }
        return out;
    }

    static String[] encode(String name, List<String> values) {
        if (isSingleValued(name)) {
            return values.stream().map(StoredQueries::single).toArray(String[]::new);
        }
        if (values.size() == 1 && values.get(0).trim().startsWith("(")) {
            return new String[]{values.get(0).trim()};
        }
        return new String[]{values.stream().map(StoredQueries::single).collect(Collectors.joining(",", "(", ")"))};
    }

    private static boolean isSingleValued(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith("patientid") || n.endsWith("from") || n.endsWith("to") || n.equals("$metadatalevel")
                || n.equals("$homecommunityid");
    }

    private static String single(String raw) {
        String v = raw.trim();
        if (v.startsWith("'") || v.startsWith("(") || v.matches("-?\\d+")) {
            return v;
        }
        return "'" + v.replace("'", "''") + "'";
    }

    private static String normalise(String s) {
        return s.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
    }

    static String camel(String enumName) {
        StringBuilder b = new StringBuilder();
        for (String part : enumName.split("_")) {
            b.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
        }
        return b.toString();
    }
}
