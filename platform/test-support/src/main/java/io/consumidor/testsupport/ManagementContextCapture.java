package io.consumidor.testsupport;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;

/**
 * Catches the management server's child context as it starts (its web-server event reaches the parent's
 * listeners), so a test can walk the routes the management port maps ({@link RouteMatrix}) — the parent context
 * does not hold them. Import it into the test's context.
 */
public class ManagementContextCapture implements ApplicationListener<WebServerInitializedEvent> {

    private volatile ApplicationContext management;

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if ("management".equals(event.getApplicationContext().getServerNamespace())) {
            management = event.getApplicationContext();
        }
    }

    public ApplicationContext context() {
        if (management == null) {
            throw new IllegalStateException("no management server started: is management.server.port set apart from server.port?");
        }
        return management;
    }
}
