package org.passerelle.client;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.passerelle.certs.SamplePki;
import org.passerelle.gateway.GatewayConfig;
import org.passerelle.gateway.GatewayServer;
import org.passerelle.gateway.Profile;
import org.passerelle.gateway.RegistryBackend;
import org.passerelle.registry.PatientRegistry;
import org.passerelle.testsupport.TestDatabase;
import org.passerelle.vihf.VihfBuilder;
import org.passerelle.vihf.VihfSigner;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * from the hospital side: {@code xds-client record-state} and {@link XdsClient#recordState} against a real
 * gateway serving HTTPS with mutual TLS and verifying the VIHF (sample PKI), on H2 and PostgreSQL.
 */
@DisplayName("R-07 R-90 xds-client record-state over mutual TLS + VIHF")
class RecordStateCommandTest {
    static final String CLOSED_INS = "180057512300187";
    static final String NEW_INS = "277076322082910";
    static final String OID = "1.2.250.1.213.1.4.10";

    @TempDir
    static Path dir;

    @ParameterizedTest
    @MethodSource("org.passerelle.testsupport.TestDatabase#kinds")
    void recordStateCommandAndLibrary(TestDatabase.Kind kind) throws Exception {
        SamplePki pki = pki();
        String pw = pki.password();
        try (TestDatabase db = TestDatabase.create(kind);
             GatewayServer server = GatewayServer.start(GatewayConfig.builder().host("127.0.0.1").port(0)
                     .dataSource(db.dataSource()).profile(Profile.FR_DMP).insTestOids(true)
                     .cdaValidation(GatewayConfig.CdaMode.OFF).security(true)
                     .property("tls.keystore", pki.server().keyStore().toString()).property("tls.keystore.password", pw)
                     .property("tls.truststore", pki.trustStore().toString()).property("tls.truststore.password", pw)
                     .property("tls.crls", pki.crls().toString())
                     .property("security.vihf.intermediates", pki.intermediateCaCert().toString()).build())) {
            String closed = cx(key(CLOSED_INS.substring(0, 13)));
            PatientRegistry patients = ((RegistryBackend) server.backend()).patients();
            patients.register(closed, null);
            patients.setState(closed, PatientRegistry.State.CLOSED, "décès");
            SamplePki.Establishment etab = pki.establishment(1);

            // the command: a signed VIHF file for the closed record (one file = one use: the gateway refuses replays)
            CliRun text = CliRun.of(args(server, pki, vihfFile(pki, closed, "closed-" + kind), "--patient", closed));
            assertEquals(0, text.exitCode(), text.toString());
            assertTrue(text.out().contains("record        CLOSED since "), text.out());
            assertTrue(text.out().contains("(décès)"), text.out());
            assertTrue(text.out().contains("NOT AUTHORISED — R-02: "), text.out());

            String fresh = cx(NEW_INS);
            CliRun json = CliRun.of(args(server, pki, vihfFile(pki, fresh, "new-" + kind), "--patient", fresh, "--json"));
            assertEquals(0, json.exitCode(), json.toString());
            assertTrue(json.out().contains("\"state\": \"ACTIVE\""), json.out());
            assertTrue(json.out().contains("\"known\": false"), json.out());
            assertTrue(json.out().contains("\"consultationAuthorised\": false"), json.out());

            // a VIHF for another patient: the gateway's SOAP Fault, exit 1
            CliRun mismatch = CliRun.of(args(server, pki, vihfFile(pki, fresh, "mismatch-" + kind), "--patient", closed));
            assertEquals(1, mismatch.exitCode(), mismatch.toString());
            assertTrue(mismatch.err().contains("PATIENT_MISMATCH"), mismatch.toString());

            // the library, a fresh VIHF per request
            XdsClient client = XdsClient.builder().baseUrl(server.baseUrl())
                    .tls(new TlsSettings(etab.authCli().keyStore(), pw.toCharArray(), pki.trustStore(), pw.toCharArray()))
                    .vihf(tx -> VihfSigner.sign(doctor(etab, closed).build(),
                            etab.sign().privateKey(pw), etab.sign().certificate()))
                    .build();
            RecordState s = client.recordState(closed);
            assertEquals("CLOSED", s.state());
            assertEquals("décès", s.reason());
            assertTrue(s.known());
            assertFalse(s.consultationAuthorised());
            assertEquals("R-02", s.consultationRule());
            ClientException notIns = assertThrows(ClientException.class, () -> client.recordState("12345^^^&1.2.3&ISO"));
            assertEquals(ClientFailure.SOAP_FAULT, notIns.failure());
            assertTrue(notIns.getMessage().contains("R-70"), notIns.getMessage());
        }
    }

    static String[] args(GatewayServer server, SamplePki pki, Path vihf, String... more) {
        String[] base = {"record-state", "--url", server.baseUrl(),
                "--keystore", pki.establishment(1).authCli().keyStore().toString(), "--keystore-password", pki.password(),
                "--truststore", pki.trustStore().toString(), "--truststore-password", pki.password(),
                "--vihf", vihf.toString()};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    static Path vihfFile(SamplePki pki, String patient, String name) {
        SamplePki.Establishment etab = pki.establishment(1);
        Path out = dir.resolve(name + ".xml");
        CliRun signed = CliRun.of("sign-vihf", "--sign-keystore", etab.sign().keyStore().toString(),
                "--sign-password", pki.password(), "--user-id", "810000000001", "--user-name", "EXEMPLE Marie",
                "--structure", etab.structureId(), "--specialty", "SM26", "--specialty-display", "Médecine générale",
                "--patient", patient + "^NH", "--out", out.toString());
        assertEquals(0, signed.exitCode(), signed.toString());
        return out;
    }

    static VihfBuilder doctor(SamplePki.Establishment etab, String ins) throws Exception {
        return VihfBuilder.create().issuer(etab.sign().certificate()).user("810000000001", "EXEMPLE Marie, Médecine")
                .structure(etab.structureId()).activitySector("SA07").profession("10", "Médecin")
                .specialty("SM26", "Qualifié en médecine générale").patient(ins + "^NH")
                .lps("EXEMPLE-DPI", "0.1.0", "TST-0000000-tmp1");
    }

    private static SamplePki pki;

    static synchronized SamplePki pki() throws Exception {
        if (pki == null) pki = SamplePki.generate(dir.resolve("pki"), false);
        return pki;
    }

    static String cx(String ins) {
        return ins + "^^^&" + OID + "&ISO";
    }

    /** 13 digits + their NIR key. */
    static String key(String thirteen) {
        int k = 97 - new java.math.BigInteger(thirteen).mod(java.math.BigInteger.valueOf(97)).intValue();
        return thirteen + String.format("%02d", k);
    }
}
