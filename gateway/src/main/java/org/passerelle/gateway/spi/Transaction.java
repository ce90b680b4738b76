package org.passerelle.gateway.spi;

/** The IHE transactions the gateway serves, with the WS-Addressing request actions IHE assigns them. */
public enum Transaction {
    ITI_18("ITI-18", "Registry Stored Query", "urn:ihe:iti:2007:RegistryStoredQuery", false),
    ITI_41("ITI-41", "Provide and Register Document Set-b", "urn:ihe:iti:2007:ProvideAndRegisterDocumentSet-b", true),
    ITI_42("ITI-42", "Register Document Set-b", "urn:ihe:iti:2007:RegisterDocumentSet-b", true),
    ITI_43("ITI-43", "Retrieve Document Set", "urn:ihe:iti:2007:RetrieveDocumentSet", false),
    ITI_57("ITI-57", "Update Document Set", "urn:ihe:iti:2010:UpdateDocumentSet", true),
    ITI_8("ITI-8", "Patient Identity Feed", null, true),
    /** the gateway's form of the DMP TD0.2 "test d'existence" (record state), a consultation. */
    TD_0_2("TD0.2", "Record State (test d'existence)", "urn:passerelle:dmp:td0.2:RecordState", false);

    private final String id;
    private final String title;
    private final String action;
    private final boolean feeding;

    Transaction(String id, String title, String action, boolean feeding) {
        this.id = id;
        this.title = title;
        this.action = action;
        this.feeding = feeding;
    }

    public String id() { return id; }
    public String title() { return title; }
    /** The WS-Addressing request action, or null for non-SOAP transactions. */
    public String action() { return action; }
    /** True for transactions that write to the record (feeding), false for consultation. */
    public boolean feeding() { return feeding; }
}
