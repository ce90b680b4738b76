package org.passerelle.conformance.plan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A NIST-style test kit folder: {@code <root>/tests/<id>/index.idx} lists the sections of each test in run order.
 * The root may also be the {@code tests} folder itself.
 */
public final class TestKit {

    /** One test: its folder, the sections of index.idx (or the single top-level plan), and its title. */
    public record KitTest(String id, Path dir, List<String> sections, String title) {}

    private final Path testsDir;

    public TestKit(Path root) throws IOException {
        Path tests = root.resolve("tests");
        if (Files.isDirectory(tests)) {
            this.testsDir = tests.toAbsolutePath().normalize();
        } else if (Files.isDirectory(root)) {
            this.testsDir = root.toAbsolutePath().normalize();
        } else {
            throw new IOException(root + " is not a directory");
        }
    }

    public Path testsDir() { return testsDir; }

    public List<String> testIds() throws IOException {
        List<String> ids = new ArrayList<>();
        try (Stream<Path> s = Files.list(testsDir)) {
            s.filter(Files::isDirectory)
                    .filter(p -> Files.exists(p.resolve("index.idx")) || Files.exists(p.resolve("testplan.xml")))
                    .forEach(p -> ids.add(p.getFileName().toString()));
        }
        ids.sort(null);
        return ids;
    }

    public boolean has(String id) {
        Path dir = testsDir.resolve(id).normalize();
        return dir.startsWith(testsDir) && Files.isDirectory(dir);
    }

    public KitTest load(String id) throws IOException {
        Path dir = testsDir.resolve(id).normalize();
        if (!dir.startsWith(testsDir) || !Files.isDirectory(dir)) throw new IOException("no test folder " + dir);
        List<String> sections = new ArrayList<>();
        Path index = dir.resolve("index.idx");
        if (Files.exists(index)) {
            for (String line : Files.readAllLines(index, StandardCharsets.UTF_8)) {
                String s = line.strip();
                if (!s.isEmpty() && !s.startsWith("#")) sections.add(s);
            }
        } else {
            sections.add(".");
        }
        String title = "";
        Path readme = dir.resolve("readme.txt");
        if (Files.exists(readme)) {
            title = Files.readAllLines(readme, StandardCharsets.ISO_8859_1).stream().map(String::strip)
                    .filter(l -> !l.isEmpty()).findFirst().orElse("").replaceAll("<[^>]+>", "");
        }
        return new KitTest(id, dir, List.copyOf(sections), title);
    }
}
