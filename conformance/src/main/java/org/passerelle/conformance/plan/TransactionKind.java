package org.passerelle.conformance.plan;

/** The transaction elements of a test step that this runner plays. */
public enum TransactionKind {
    PROVIDE_AND_REGISTER("ProvideAndRegisterTransaction", "ITI-41"),
    REGISTER("RegisterTransaction", "ITI-42"),
    STORED_QUERY("StoredQueryTransaction", "ITI-18"),
    RETRIEVE("RetrieveTransaction", "ITI-43"),
    PATIENT_FEED("PatientIdentityFeedTransaction", "ITI-8"),
    HTTP("HttpTransaction", "HTTP"),
    NULL("NullTransaction", "none"),
    /** A step with no transaction element at all (e.g. 12374/reset_patient_id): only its step options apply. */
    NONE("", "none");

    private final String element;
    private final String label;

    TransactionKind(String element, String label) {
        this.element = element;
        this.label = label;
    }

    public String element() { return element; }
    public String label() { return label; }

    public static TransactionKind ofElement(String localName) {
        for (TransactionKind k : values()) {
            if (!k.element.isEmpty() && k.element.equals(localName)) return k;
        }
        return null;
    }
}
