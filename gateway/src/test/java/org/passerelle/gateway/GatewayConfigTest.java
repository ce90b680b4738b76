package org.passerelle.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GatewayConfigTest {

    @Test
    void defaultsAreTheEmbeddedFrenchGatewayOnPort8080() throws Exception {
        GatewayConfig c = GatewayConfig.load(null, Map.of());
        assertEquals(8080, c.port());
        assertEquals(Profile.FR_DMP, c.profile());
        assertEquals(GatewayConfig.CdaMode.EMBEDDED, c.cdaValidation());
        assertNull(c.jdbcUrl());
        assertTrue(c.effectiveJdbcUrl().startsWith("jdbc:h2:file:" + Path.of("data").toAbsolutePath()));
        assertFalse(c.security());
    }

    @Test
    void environmentOverridesTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("gateway.properties");
        Files.writeString(file, """
                http.port=9090
                profile=ihe
                db.url=jdbc:postgresql://db/passerelle
                kit.dir=/opt/kit
                cda.validation=kit
                audit.enabled=true
                tls.keystore=/etc/passerelle/server.p12
                """);
        GatewayConfig c = GatewayConfig.load(file, Map.of("PASSERELLE_HTTP_PORT", "7070", "PASSERELLE_PROFILE", "fr-dmp"));
        assertEquals(7070, c.port());
        assertEquals(Profile.FR_DMP, c.profile());
        assertEquals("jdbc:postgresql://db/passerelle", c.effectiveJdbcUrl());
        assertEquals(Path.of("/opt/kit"), c.kitDir());
        assertEquals(GatewayConfig.CdaMode.KIT, c.cdaValidation());
        assertTrue(c.flag("audit.enabled", false));
        assertEquals("/etc/passerelle/server.p12", c.properties().get("tls.keystore"));
        assertEquals("7070", c.properties().get("http.port"));
    }

    @Test
    void badValuesAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GatewayConfig.load(null, Map.of("PASSERELLE_PROFILE", "xds-i")));
        assertTrue(e.getMessage().contains("xds-i"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GatewayConfig.load(null, Map.of("PASSERELLE_HTTP_PORT", "eighty")));
        assertThrows(IllegalArgumentException.class, () -> GatewayConfig.builder().cdaValidation(GatewayConfig.CdaMode.KIT).build());
    }
}
