package dev.tabbi.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The string literals of a Java source file (text blocks included, comments skipped), as the code spells them:
 * what the bytecode-level rules cannot see, such as the SQL a class runs or the URLs it names.
 */
final class SourceLiterals {
    private SourceLiterals() {
    }

    static List<String> of(Path source) {
        try {
            return of(Files.readString(source));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> of(String code) {
        List<String> literals = new ArrayList<>();
        int i = 0;
        while (i < code.length()) {
            char c = code.charAt(i);
            if (code.startsWith("//", i)) {
                i = endOf(code, "\n", i + 2);
            } else if (code.startsWith("/*", i)) {
                i = endOf(code, "*/", i + 2);
            } else if (code.startsWith("\"\"\"", i)) {
                int end = code.indexOf("\"\"\"", i + 3);
                literals.add(code.substring(i + 3, end < 0 ? code.length() : end));
                i = end < 0 ? code.length() : end + 3;
            } else if (c == '"' || c == '\'') {
                StringBuilder literal = new StringBuilder();
                int j = i + 1;
                while (j < code.length() && code.charAt(j) != c) {
                    if (code.charAt(j) == '\\' && j + 1 < code.length()) {
                        literal.append(code.charAt(++j) == 'n' ? '\n' : code.charAt(j));
                    } else {
                        literal.append(code.charAt(j));
                    }
                    j++;
                }
                if (c == '"') {
                    literals.add(literal.toString());
                }
                i = j + 1;
            } else {
                i++;
            }
        }
        return literals;
    }

    private static int endOf(String code, String end, int from) {
        int at = code.indexOf(end, from);
        return at < 0 ? code.length() : at + end.length();
    }
}
