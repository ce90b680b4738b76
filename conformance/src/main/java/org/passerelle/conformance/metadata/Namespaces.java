package org.passerelle.conformance.metadata;

/** XML namespaces and XDS identifiers the runner reads or writes. */
public final class Namespaces {
    private Namespaces() {}

    public static final String RIM21 = "urn:oasis:names:tc:ebxml-regrep:rim:xsd:2.1";
    public static final String RS21 = "urn:oasis:names:tc:ebxml-regrep:registry:xsd:2.1";
    public static final String RIM30 = "urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0";
    public static final String LCM30 = "urn:oasis:names:tc:ebxml-regrep:xsd:lcm:3.0";
    public static final String RS30 = "urn:oasis:names:tc:ebxml-regrep:xsd:rs:3.0";
    public static final String QUERY30 = "urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0";
    public static final String XDSB = "urn:ihe:iti:xds-b:2007";
    public static final String SOAP12 = "http://www.w3.org/2003/05/soap-envelope";
    public static final String WSA = "http://www.w3.org/2005/08/addressing";
    public static final String XOP = "http://www.w3.org/2004/08/xop/include";

    public static final String DE_UNIQUE_ID = "urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab";
    public static final String DE_PATIENT_ID = "urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427";
    public static final String SS_UNIQUE_ID = "urn:uuid:96fdda7c-d067-4183-912e-bf5ee74998a8";
    public static final String SS_PATIENT_ID = "urn:uuid:6b5aea1a-874d-4603-a4bc-96a0a7b38446";
    public static final String SS_SOURCE_ID = "urn:uuid:554ac39e-e3fe-47fe-b233-965d2a147832";
    public static final String FOL_UNIQUE_ID = "urn:uuid:75df8f67-9973-4fbe-a900-df66cefecc5a";
    public static final String FOL_PATIENT_ID = "urn:uuid:f64ffdf0-4b97-4e06-b79f-a52b38ec2f8a";
    public static final String SS_CLASS_NODE = "urn:uuid:a54d6aa5-d40d-43f9-88c5-b4633d873bdd";
    public static final String FOL_CLASS_NODE = "urn:uuid:d9d542f3-6cc4-48b6-8870-ea235fbc94c2";

    public static final String STATUS_PREFIX = "urn:oasis:names:tc:ebxml-regrep:StatusType:";
}
