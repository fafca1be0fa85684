package io.consumidor.configerrors;

/**
 * A configuration file that binds but makes no sense (bins that are not contiguous, a route whose mode does not
 * fit its store): thrown by the code that checks across fields, reported at start-up by
 * {@link InvalidConfigurationFailureAnalyzer} with the file, the entry and the field.
 *
 * @param file    the file as the user knows it ({@code routes.yml}, {@code scorecard.yml})
 * @param entry   the entry at fault ({@code route 'erasure', destination 2}), or empty
 * @param problem what is wrong, naming the field
 */
public class InvalidConfigurationException extends IllegalStateException {

    private final String file;
    private final String entry;
    private final String problem;

    public InvalidConfigurationException(String file, String entry, String problem) {
        super(file + ": " + (entry.isEmpty() ? "" : entry + ": ") + problem);
        this.file = file;
        this.entry = entry;
        this.problem = problem;
    }

    public String file() {
        return file;
    }

    public String entry() {
        return entry;
    }

    public String problem() {
        return problem;
    }
}
