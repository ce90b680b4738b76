package org.passerelle.client;

import org.passerelle.testsupport.SharedFolder;

import java.nio.file.Path;

final class ClientTestFiles {
    private ClientTestFiles() {
    }

    static Path example(String name) {
        return SharedFolder.ciSis().resolve("examples").resolve(name);
    }
}
