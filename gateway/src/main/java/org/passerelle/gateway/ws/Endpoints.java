package org.passerelle.gateway.ws;

import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.ProvideAndRegisterDocumentSetRequestType;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.RetrieveDocumentSetRequestType;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.RetrieveDocumentSetResponseType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.lcm.SubmitObjectsRequest;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.query.AdhocQueryRequest;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.query.AdhocQueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rs.RegistryResponseType;
import org.openehealth.ipf.commons.ihe.xds.iti18.Iti18PortType;
import org.openehealth.ipf.commons.ihe.xds.iti41.Iti41PortType;
import org.openehealth.ipf.commons.ihe.xds.iti42.Iti42PortType;
import org.openehealth.ipf.commons.ihe.xds.iti43.Iti43PortType;
import org.openehealth.ipf.commons.ihe.xds.iti57.Iti57PortType;

/** The IPF port types, each delegating to {@link XdsTransactions}. */
final class Endpoints {
    private Endpoints() { }

    record Iti41(XdsTransactions tx) implements Iti41PortType {
        @Override
        public RegistryResponseType documentRepositoryProvideAndRegisterDocumentSetB(ProvideAndRegisterDocumentSetRequestType body) {
            return tx.provideAndRegister(body);
        }
    }

    record Iti42(XdsTransactions tx) implements Iti42PortType {
        @Override
        public RegistryResponseType documentRegistryRegisterDocumentSetB(SubmitObjectsRequest body) {
            return tx.register(body);
        }
    }

    record Iti18(XdsTransactions tx) implements Iti18PortType {
        @Override
        public AdhocQueryResponse documentRegistryRegistryStoredQuery(AdhocQueryRequest body) {
            return tx.query(body);
        }
    }

    record Iti43(XdsTransactions tx) implements Iti43PortType {
        @Override
        public RetrieveDocumentSetResponseType documentRepositoryRetrieveDocumentSet(RetrieveDocumentSetRequestType body) {
            return tx.retrieve(body);
        }
    }

    record Iti57(XdsTransactions tx) implements Iti57PortType {
        @Override
        public RegistryResponseType documentRegistryUpdateDocumentSet(SubmitObjectsRequest body) {
            return tx.update(body);
        }
    }
}
