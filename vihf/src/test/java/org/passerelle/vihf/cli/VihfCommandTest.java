package org.passerelle.vihf.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.passerelle.certs.SamplePki;
import org.passerelle.vihf.SecureXml;
import org.passerelle.vihf.Saml;
import org.w3c.dom.Document;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class VihfCommandTest {

    @TempDir
    Path tmp;

    private static int run(String... args) {
        return new CommandLine(new VihfCommand()).execute(args);
    }

    @Test
    void signWithAProfileFileThenVerifyLikeTheGateway() throws Exception {
        SamplePki pki = SamplePki.generate(tmp.resolve("pki"), false);
        SamplePki.Establishment e = pki.establishment(1);
        Path profile = tmp.resolve("urgences.properties");
        Files.writeString(profile, String.join("\n",
                "key=" + e.sign().keyStore(), "password=changeit", "name=EXEMPLE Marie, Urgences adultes",
                "sector=SA07", "profession=10", "profession-name=Médecin", "specialty=SM26",
                "mode=INDIRECTE_RENFORCEE", "lps-name=EXEMPLE-DPI", "lps-version=0.1.0",
                "homologation=TST-0000000-tmp1", ""), StandardCharsets.UTF_8);
        Path request = tmp.resolve("request.xml");
        assertEquals(0, run("sign", "--profile", profile.toString(), "--user", "3" + e.identifier() + "/IDE-42",
                "--patient", "180057512345627^^^&1.2.250.1.213.1.4.8&ISO^NH", "--envelope", "--out", request.toString()));
        Document d = SecureXml.parse(Files.readAllBytes(request));
        assertEquals(1, d.getElementsByTagNameNS(Saml.SAML2_NS, "Assertion").getLength());
        assertEquals(1, d.getElementsByTagNameNS(Saml.DS_NS, "Signature").getLength());

        String[] verify = {"verify", "--truststore", pki.trustStore().toString(), "--crls", pki.crls().toString(), "--intermediates", pki.caChain().toString(),
                "--tls-cert", e.authCli().certPem().toString(), "--transaction", "ITI-18",
                "--patient", "180057512345627^^^&1.2.250.1.213.1.4.8&ISO", request.toString()};
        assertEquals(0, run(verify));
        String[] feeding = verify.clone();
        feeding[10] = "ITI-41";
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(1, run(feeding));
        } finally {
            System.setOut(old);
        }
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("REFUSED AIR_CONSULTATION_ONLY (wsse:FailedAuthentication)"),
                out.toString(StandardCharsets.UTF_8));

        // the assertion added to an existing request
        Path bare = tmp.resolve("bare.xml");
        Files.writeString(bare, "<s:Envelope xmlns:s=\"" + Saml.SOAP12_NS + "\"><s:Body><q xmlns=\"urn:x\"/></s:Body></s:Envelope>");
        Path withToken = tmp.resolve("with-token.xml");
        assertEquals(0, run("sign", "--profile", profile.toString(), "--user", "3" + e.identifier() + "/IDE-42",
                "--patient", "180057512345627^^^&1.2.250.1.213.1.4.8&ISO^NH", "--into", bare.toString(),
                "--out", withToken.toString()));
        verify[verify.length - 1] = withToken.toString();
        assertEquals(0, run(verify));

        assertEquals(VihfCommand.USAGE, run("sign", "--key", e.sign().keyStore().toString(), "--password", "changeit"),
                "missing attributes");
        assertEquals(0, run("--help"));
    }
}
