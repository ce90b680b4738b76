package org.passerelle.gateway.bench;

import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.ws.addressing.WSAddressingFeature;
import org.openehealth.ipf.commons.ihe.ws.WsTransactionConfiguration;
import org.openehealth.ipf.commons.ihe.xds.XDS;
import org.openehealth.ipf.commons.ihe.xds.iti18.Iti18PortType;
import org.openehealth.ipf.commons.ihe.xds.iti41.Iti41PortType;
import org.openehealth.ipf.commons.ihe.xds.iti43.Iti43PortType;
import org.passerelle.wsdl.XdsWsdl;

import java.util.Map;

/** CXF JAX-WS client proxies (WS-Addressing, MTOM, no chunking) of one thread for ITI-41, ITI-18 and ITI-43. */
public final class CxfPorts {
    public final Iti41PortType iti41;
    public final Iti18PortType iti18;
    public final Iti43PortType iti43;

    public CxfPorts(String iti41Url, String iti18Url, String iti43Url) {
        iti41 = iti41(iti41Url);
        iti18 = iti18(iti18Url);
        iti43 = iti43(iti43Url);
    }

    public static Iti41PortType iti41(String url) {
        return port(XDS.Interactions.ITI_41, "ITI-41", url, Iti41PortType.class);
    }

    public static Iti18PortType iti18(String url) {
        return port(XDS.Interactions.ITI_18, "ITI-18", url, Iti18PortType.class);
    }

    public static Iti43PortType iti43(String url) {
        return port(XDS.Interactions.ITI_43, "ITI-43", url, Iti43PortType.class);
    }

    static <T> T port(XDS.Interactions interaction, String tx, String url, Class<T> sei) {
        return port(interaction, tx, url, sei, 600_000);
    }

    /** {@link #create} with a receive timeout and no chunking (the gateway reads a fixed-length request faster). */
    public static <T> T port(XDS.Interactions interaction, String tx, String url, Class<T> sei, long receiveTimeoutMillis) {
        T port = create(interaction, tx, url, sei);
        HTTPConduit conduit = (HTTPConduit) ClientProxy.getClient(port).getConduit();
        conduit.getClient().setReceiveTimeout(receiveTimeoutMillis);
        conduit.getClient().setAllowChunking(false);
        return port;
    }

    /** A CXF proxy of the XDS port of {@code interaction} at {@code url}, WS-Addressing and MTOM on, conduit as CXF makes it. */
    public static <T> T create(XDS.Interactions interaction, String tx, String url, Class<T> sei) {
        WsTransactionConfiguration<?> ws = interaction.getWsTransactionConfiguration();
        JaxWsProxyFactoryBean f = new JaxWsProxyFactoryBean();
        f.setServiceClass(sei);
        f.setServiceName(ws.getServiceName());
        f.setWsdlLocation(XdsWsdl.location(tx));
        f.setAddress(url);
        f.getFeatures().add(new WSAddressingFeature());
        f.setProperties(Map.of("mtom-enabled", Boolean.TRUE));
        return f.create(sei);
    }
}
