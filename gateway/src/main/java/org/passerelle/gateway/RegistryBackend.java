package org.passerelle.gateway;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.passerelle.registry.PatientRegistry;
import org.passerelle.registry.StoredQueryResponse;
import org.passerelle.registry.XdsStore;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/** {@link XdsBackend} on module registry's {@link XdsStore}. */
public final class RegistryBackend implements XdsBackend {

    private final XdsStore store;
    private final DataSource dataSource;
    private final AutoCloseable owned;

    /** @param owned closed with this backend (the connection pool the gateway opened), or null */
    public RegistryBackend(XdsStore store, DataSource dataSource, AutoCloseable owned) {
        this.store = store;
        this.dataSource = dataSource;
        this.owned = owned;
    }

    public XdsStore store() { return store; }

    public PatientRegistry patients() { return store.patients(); }

    public DataSource dataSource() { return dataSource; }

    @Override public String repositoryUniqueId() { return store.config().repositoryUniqueId(); }
    @Override public Response provideAndRegister(ProvideAndRegisterDocumentSet r) { return store.provideAndRegister(r); }
    @Override public Response register(RegisterDocumentSet r) { return store.register(r); }
    @Override public Response update(RegisterDocumentSet r) { return store.update(r); }
    @Override public QueryResponse query(QueryRegistry r) { return store.query(r); }
    @Override public StoredQueryResponse queryStored(QueryRegistry r) { return store.queryStored(r); }
    @Override public RetrievedDocumentSet retrieve(RetrieveDocumentSet r) { return store.retrieve(r); }
    @Override public Optional<DocumentEntry> findDocumentEntryByUniqueId(String uid) { return store.findDocumentEntryByUniqueId(uid); }

    @Override
    public boolean isReady() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        store.close();
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception ignored) {
                // closing a pool does not fail in a way an operator can act on
            }
        }
    }
}
