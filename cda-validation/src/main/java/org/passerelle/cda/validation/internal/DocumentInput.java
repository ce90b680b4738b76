package org.passerelle.cda.validation.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A document that can be read more than once (XSD and the schematron tree each read it). */
public interface DocumentInput {
    String name();

    InputStream open() throws IOException;

    /** Size in bytes, or -1 when unknown. */
    long size();

    static DocumentInput of(Path file) {
        return new DocumentInput() {
            public String name() { return file.toString(); }
            public InputStream open() throws IOException { return Files.newInputStream(file); }
            public long size() {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    return -1;
                }
            }
        };
    }

    static DocumentInput of(byte[] content, String name) {
        return new DocumentInput() {
            public String name() { return name; }
            public InputStream open() { return new ByteArrayInputStream(content); }
            public long size() { return content.length; }
        };
    }
}
