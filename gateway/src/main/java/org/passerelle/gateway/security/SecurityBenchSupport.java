package org.passerelle.gateway.security;

import java.security.cert.X509Certificate;

/** Small helpers shared by the security benchmarks. */
final class SecurityBenchSupport {
    private SecurityBenchSupport() { }

    /** The OU (structure id) of a certificate subject. */
    static String ou(X509Certificate c) throws Exception {
        for (var rdn : new javax.naming.ldap.LdapName(c.getSubjectX500Principal().getName()).getRdns()) {
            if (rdn.getType().equalsIgnoreCase("OU")) return String.valueOf(rdn.getValue());
        }
        throw new IllegalArgumentException("no OU in " + c.getSubjectX500Principal());
    }
}
