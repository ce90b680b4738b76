package org.passerelle.gateway;

/** Opens the production collaborators a configuration names: the store and the ITI-41 document checks. */
final class Backends {
    private Backends() { }

    static XdsBackend open(GatewayConfig config) {
        throw new IllegalStateException("the registry store (module registry, XdsStore) is not available in this build");
    }

    static DocumentCheck documentCheck(GatewayConfig config) {
        return DocumentCheck.NONE;
    }
}
