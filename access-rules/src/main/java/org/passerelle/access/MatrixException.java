package org.passerelle.access;

import java.util.List;
import java.util.stream.Collectors;

/** A habilitation matrix file that cannot be used, with every problem found and its line number. */
public class MatrixException extends RuntimeException {

    /** One problem: the 1-based line (0 when not tied to a line) and what is wrong. */
    public record Problem(int line, String message) {
        @Override public String toString() { return (line > 0 ? "line " + line + ": " : "") + message; }
    }

    private final String source;
    private final List<Problem> problems;

    public MatrixException(String source, List<Problem> problems) {
        super("habilitation matrix " + source + " is invalid (" + problems.size() + " problem"
                + (problems.size() > 1 ? "s" : "") + "):\n  "
                + problems.stream().map(Problem::toString).collect(Collectors.joining("\n  ")));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    public String source() { return source; }

    public List<Problem> problems() { return problems; }
}
