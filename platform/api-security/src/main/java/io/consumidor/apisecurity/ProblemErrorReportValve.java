package io.consumidor.apisecurity;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Tomcat answers requests it refuses before any filter runs (an undecodable path, a malformed header) with
 * its own HTML error page. This valve, in place of Tomcat's, answers them as an RFC 9457 problem like every
 * other error: status, a fixed sentence, a fresh request id as {@code instance}, nothing of the request.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String body = "{\"type\":\"about:blank\",\"title\":\"Bad request\",\"status\":" + status
                + ",\"detail\":\"The request could not be read.\",\"instance\":\"urn:request:" + UUID.randomUUID() + "\"}";
        try {
            response.setContentType("application/problem+json");
            response.getOutputStream().write(body.getBytes(StandardCharsets.US_ASCII));
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // The connection is gone or the response committed: nothing more to tell the client.
        }
    }

    /** Installs the valve on the embedded Tomcat's host (Tomcat uses the default host's valve for unmapped requests). */
    static class Installer implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> {
        @Override
        public void customize(ConfigurableTomcatWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                }
            });
        }
    }
}
