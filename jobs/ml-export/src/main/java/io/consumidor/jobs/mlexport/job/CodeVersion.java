package io.consumidor.jobs.mlexport.job;

import io.consumidor.jobs.mlexport.store.Manifest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The code a manifest names: the build's version and the git commit it was built from, with whether the working
 * tree had uncommitted changes ({@code ml-exports-version.properties}, filtered by Maven from
 * git-commit-id-maven-plugin's properties; the build fails outside a git checkout). No runtime override: a dataset
 * cannot claim code it was not built from.
 */
final class CodeVersion {

    private static final Manifest.Code CODE = load();

    private CodeVersion() {
    }

    static Manifest.Code get() {
        return CODE;
    }

    private static Manifest.Code load() {
        try (InputStream in = CodeVersion.class.getResourceAsStream("/ml-exports-version.properties")) {
            if (in == null) {
                throw new IllegalStateException("ml-exports-version.properties is missing from the build");
            }
            Properties properties = new Properties();
            properties.load(in);
            String commit = properties.getProperty("commit", "");
            if (!commit.matches("[0-9a-f]{40}")) {
                throw new IllegalStateException("the build recorded no git commit (" + commit + "): build from a git checkout");
            }
            return new Manifest.Code(properties.getProperty("version"), commit, Boolean.parseBoolean(properties.getProperty("dirty")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
