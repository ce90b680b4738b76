package org.passerelle.client;

import org.w3c.dom.Element;

/**
 * Gives the signed VIHF assertion to put in the {@code wsse:Security} header of each request (build it with
 * {@code org.passerelle.vihf.VihfBuilder} and sign it with {@code VihfSigner}). Called once per request, so a
 * supplier can issue short-lived tokens.
 */
@FunctionalInterface
public interface VihfSupplier {

    /** @param transaction e.g. {@code ITI-41}; returns the signed {@code saml2:Assertion}, or null for none */
    Element assertionFor(String transaction) throws Exception;
}
