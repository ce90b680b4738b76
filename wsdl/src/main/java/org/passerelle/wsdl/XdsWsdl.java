package org.passerelle.wsdl;

import java.net.URL;
import java.util.List;
import java.util.Locale;

/**
 * The WSDLs the gateway publishes (served at {@code <endpoint>?wsdl}): one per XDS.b transaction, SOAP 1.2 with
 * WS-Addressing actions as IHE assigns them. They import the normative ebRS 3.0 / IHE XDS.b schemas from the
 * classpath ({@code wsdl/schema/} in ipf-commons-ihe-xds).
 */
public final class XdsWsdl {

    /** Transactions with a WSDL here. */
    public static final List<String> TRANSACTIONS = List.of("ITI-18", "ITI-41", "ITI-42", "ITI-43", "ITI-57");

    private XdsWsdl() { }

    /** Classpath resource name of a transaction's WSDL, e.g. org/passerelle/wsdl/iti41.wsdl for "ITI-41". */
    public static String resource(String transactionId) {
        if (!TRANSACTIONS.contains(transactionId)) {
            throw new IllegalArgumentException("no WSDL for " + transactionId + " (known: " + TRANSACTIONS + ")");
        }
        return "org/passerelle/wsdl/" + transactionId.toLowerCase(Locale.ROOT).replace("-", "") + ".wsdl";
    }

    /** The WSDL location as CXF takes it ({@code classpath:…}). */
    public static String location(String transactionId) {
        return "classpath:" + resource(transactionId);
    }

    /** The WSDL as a URL on this class's class loader. */
    public static URL url(String transactionId) {
        URL url = XdsWsdl.class.getClassLoader().getResource(resource(transactionId));
        if (url == null) throw new IllegalStateException("WSDL resource missing: " + resource(transactionId));
        return url;
    }
}
