package org.passerelle.gateway;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.passerelle.cda.validation.CdaValidator;
import org.passerelle.gateway.validation.CdaDocumentCheck;
import org.passerelle.registry.RegistryConfig;
import org.passerelle.registry.XdsStore;

import javax.sql.DataSource;
import java.nio.file.Files;

/** Opens the production collaborators a configuration names: the store and the ITI-41 document checks. */
public final class Backends {
    private Backends() { }

    /** The registry store on the configured database (migrated on open). */
    public static RegistryBackend open(GatewayConfig config) {
        DataSource given = config.dataSource();
        HikariDataSource pool = given == null ? pool(config) : null;
        try {
            XdsStore store = XdsStore.open(given != null ? given : pool, registryConfig(config));
            return new RegistryBackend(store, given != null ? given : pool, pool);
        } catch (RuntimeException e) {
            if (pool != null) pool.close();
            throw e;
        }
    }

    static RegistryConfig registryConfig(GatewayConfig config) {
        RegistryConfig r = config.profile() == Profile.FR_DMP ? RegistryConfig.frDmp(config.repositoryUniqueId())
                : RegistryConfig.ihe(config.repositoryUniqueId());
        return r.withOrphanContentAge(config.orphanContentAge());
    }

    static HikariDataSource pool(GatewayConfig config) {
        String url = config.effectiveJdbcUrl();
        if (config.dataSource() == null && config.jdbcUrl() == null) {
            try {
                Files.createDirectories(config.dataDir());
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot create the data directory " + config.dataDir().toAbsolutePath()
                        + ": " + e.getMessage(), e);
            }
        }
        HikariConfig h = new HikariConfig();
        h.setJdbcUrl(url);
        if (config.dbUser() != null) h.setUsername(config.dbUser());
        else if (url.startsWith("jdbc:h2:")) h.setUsername("sa");
        if (config.dbPassword() != null) h.setPassword(config.dbPassword());
        // a PnR runs ~11 distinct statements: with H2's default cache of 8 parsed statements per connection, each was
        // parsed again every time (measured: store CPU per PnR 1.5-1.8 ms -> 1.1-1.4 ms)
        if (url.startsWith("jdbc:h2:") && !url.toUpperCase(java.util.Locale.ROOT).contains("QUERY_CACHE_SIZE")) {
            h.addDataSourceProperty("QUERY_CACHE_SIZE", "64");
        }
        h.setMaximumPoolSize(16);
        h.setPoolName("passerelle-gateway");
        h.setInitializationFailTimeout(10_000);
        try {
            return new HikariDataSource(h);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot connect to the database " + url + ": " + e.getMessage(), e);
        }
    }

    /** The ITI-41 document checks of the configuration (fr-dmp only). */
    public static DocumentCheck documentCheck(GatewayConfig config) {
        if (config.profile() != Profile.FR_DMP || config.cdaValidation() == GatewayConfig.CdaMode.OFF) {
            return DocumentCheck.NONE;
        }
        CdaValidator validator = config.cdaValidation() == GatewayConfig.CdaMode.KIT
                ? CdaValidator.withKit(config.kitDir()) : CdaValidator.embeddedDefault();
        return new CdaDocumentCheck(validator);
    }

}
