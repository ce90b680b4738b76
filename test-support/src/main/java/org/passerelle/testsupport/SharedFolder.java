package org.passerelle.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/** The ../shared folder beside the repository (CI-SIS kit, NIST test plans, docs), as tests see it. */
public final class SharedFolder {
    private SharedFolder() {}

    /** The shared folder: system property {@code shared.dir} (set by the parent POM), else ../shared from the module. */
    public static Path root() {
        String prop = System.getProperty("shared.dir");
        Path p = prop != null ? Path.of(prop) : Path.of("..", "shared");
        p = p.toAbsolutePath().normalize();
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("shared folder not found at " + p + " (set -Dshared.dir=...)");
        }
        return p;
    }

    public static Path ciSis() { return root().resolve("ci-sis"); }
    public static Path nistTestkit() { return root().resolve("nist-testkit"); }
    public static Path docs() { return root().resolve("docs"); }
}
